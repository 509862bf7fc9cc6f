import { describe, expect, it } from "vitest";
import { BadInputError } from "@ssl4rl/core";
import { type PickledCsr, type PickledNdarray, readPlanetoidPickle } from "@ssl4rl/graph-tasks";

const bytes = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
const le32 = (n: number) => String.fromCharCode(n & 255, (n >> 8) & 255, (n >> 16) & 255, (n >>> 24) & 255);

/** A protocol-2 pickle of numpy.ndarray int32 [[1, 2], [3, 4]], as numpy writes it. */
function ndarrayPickle(): string {
  const raw = [1, 2, 3, 4].map(le32).join("");
  return (
    "\x80\x02cnumpy.core.multiarray\n_reconstruct\nq\x01cnumpy\nndarray\nq\x02K\x00\x85U\x01b\x87Rq\x03" +
    "(K\x01K\x02K\x02\x86cnumpy\ndtype\nq\x04U\x02i4K\x00K\x01\x87Rq\x05(K\x03U\x01<NNNJ\xff\xff\xff\xffJ\xff\xff\xff\xffK\x00tb\x89" +
    `T${le32(raw.length)}${raw}tb.`
  );
}

describe("readPlanetoidPickle", () => {
  it.each([
    ["a list of small ints", "\x80\x02]q\x00(K\x01K\x02M\x00\x01e.", [1, 2, 256]],
    ["a dict of lists (defaultdict)", "\x80\x02ccollections\ndefaultdict\nc__builtin__\nlist\n\x85R(K\x00]q\x01(K\x01K\x02eK\x01]q\x02K\x00au.", new Map([[0, [1, 2]], [1, [0]]])],
    ["a tuple, None and booleans", "\x80\x02N\x88\x89\x87.", [null, true, false]],
  ])("reads %s", (_name, text, value) => {
    expect(readPlanetoidPickle(bytes(text), "t.pkl")).toEqual(value);
  });

  it("reads a numpy array", () => {
    const a = readPlanetoidPickle(bytes(ndarrayPickle()), "t.pkl") as PickledNdarray;
    expect(a.kind).toBe("ndarray");
    expect(a.shape).toEqual([2, 2]);
    expect([...a.data]).toEqual([1, 2, 3, 4]);
  });

  it("reads a csr_matrix's structure", () => {
    const arr = (values: number[]) => {
      const raw = values.map(le32).join("");
      return `cnumpy.core.multiarray\n_reconstruct\ncnumpy\nndarray\nK\x00\x85U\x01b\x87R(K\x01K${String.fromCharCode(values.length)}\x85cnumpy\ndtype\nU\x02i4K\x00K\x01\x87R(K\x03U\x01<NNNJ\xff\xff\xff\xffJ\xff\xff\xff\xffK\x00tb\x89T${le32(raw.length)}${raw}tb`;
    };
    const text = `\x80\x02cscipy.sparse.csr\ncsr_matrix\n)\x81}(U\x06_shapeK\x02K\x03\x86U\x06indptr${arr([0, 1, 3])}U\x07indices${arr([2, 0, 1])}ub.`;
    const m = readPlanetoidPickle(bytes(text), "t.pkl") as PickledCsr;
    expect(m.kind).toBe("csr");
    expect(m.shape).toEqual([2, 3]);
    expect([...m.indptr]).toEqual([0, 1, 3]);
    expect([...m.indices]).toEqual([2, 0, 1]);
  });

  it.each([
    ["a callable outside numpy/scipy", "\x80\x02cos\nsystem\nU\x02lsR.", /t\.pkl, field "byte \d+": expected only numpy\/scipy array classes, got "os system"/],
    ["an unknown opcode", "\x80\x02\x95.", /expected a pickle opcode used by the Planetoid files, got "0x95"/],
    ["a truncated file", "\x80\x02T\x10\x00\x00\x00abc", /expected 16 more bytes, got "end of file"/],
    ["a stack underflow", "\x80\x02a.", /expected a value on the stack/],
  ])("refuses %s with BadInputError", (_name, text, message) => {
    expect(() => readPlanetoidPickle(bytes(text), "t.pkl")).toThrow(BadInputError);
    expect(() => readPlanetoidPickle(bytes(text), "t.pkl")).toThrow(message);
  });
});
