import { BadInputError } from "@ssl4rl/core";

/** A numpy array from a pickle: little-endian data as a typed array, row-major. */
export interface PickledNdarray {
  readonly kind: "ndarray";
  readonly shape: readonly number[];
  readonly dtype: string;
  readonly data: Float64Array | Float32Array | Int32Array | Int8Array | Uint8Array;
}

/** A scipy CSR matrix from a pickle. */
export interface PickledCsr {
  readonly kind: "csr";
  readonly shape: readonly [number, number];
  readonly indptr: Int32Array;
  readonly indices: Int32Array;
}

/** The values a Planetoid pickle holds. */
export type PickleValue = null | boolean | number | string | PickleValue[] | Map<PickleValue, PickleValue> | PickledNdarray | PickledCsr | PickleObject;

/** Objects under construction (globals, dtypes, arrays before their state arrives). */
interface PickleObject {
  readonly kind: "global" | "dtype" | "ndarray-pending" | "csr-pending" | "tuple";
  name?: string;
  code?: string;
  items?: PickleValue[];
  state?: Map<PickleValue, PickleValue>;
}

/**
 * The only callables these pickles may name (found by an opcode scan of the Planetoid files):
 * anything else is refused, so no pickle can make the reader do more than build arrays.
 */
const ALLOWED = new Set(["numpy.core.multiarray _reconstruct", "numpy ndarray", "numpy dtype", "scipy.sparse.csr csr_matrix", "collections defaultdict", "__builtin__ list"]);

const MARK = Symbol("mark");

/**
 * Reads the Python 2 pickles of the Planetoid datasets (`ind.NAME.allx`, `tx`, `graph`, ...)
 * without Python: a restricted protocol-2 reader that knows the ~30 opcodes those files use and
 * builds numpy arrays, scipy CSR matrices (structure only: the features are 0/1), lists and
 * dicts. Any other opcode or callable is refused with a {@link BadInputError}.
 *
 * @example
 * ```ts
 * const allx = readPlanetoidPickle(readFileSync("ind.cora.allx"), "ind.cora.allx") as PickledCsr;
 * allx.shape; // [1708, 1433]
 * ```
 */
export function readPlanetoidPickle(bytes: Uint8Array, file: string): PickleValue {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const stack: (PickleValue | typeof MARK)[] = [];
  const memo = new Map<number, PickleValue>();
  let pos = 0;
  const fail = (expected: string, got?: unknown): never => {
    throw new BadInputError({ file, field: `byte ${pos}`, expected, ...(got !== undefined ? { got } : {}), hint: "Is this an original Planetoid ind.* pickle?" });
  };
  const need = (n: number) => {
    if (pos + n > bytes.length) fail(`${n} more bytes`, "end of file");
  };
  const u8 = () => (need(1), bytes[pos++]!);
  const u16 = () => (need(2), (pos += 2), view.getUint16(pos - 2, true));
  const i32 = () => (need(4), (pos += 4), view.getInt32(pos - 4, true));
  const latin1 = (n: number) => {
    need(n);
    let s = "";
    for (let i = 0; i < n; i++) s += String.fromCharCode(bytes[pos + i]!);
    pos += n;
    return s;
  };
  const pop = (): PickleValue => {
    const v = stack.pop();
    if (v === undefined || v === MARK) return fail("a value on the stack", "none");
    return v;
  };
  const popMark = (): PickleValue[] => {
    const at = stack.lastIndexOf(MARK);
    if (at === -1) fail("a MARK on the stack");
    const items = stack.splice(at) as PickleValue[];
    items.shift();
    return items;
  };
  const top = (): PickleValue => {
    const v = stack[stack.length - 1];
    if (v === undefined || v === MARK) return fail("a value on the stack", "none");
    return v;
  };
  const tuple = (items: PickleValue[]): PickleObject => ({ kind: "tuple", items });

  for (;;) {
    const op = u8();
    switch (op) {
      case 0x80: // PROTO
        u8();
        break;
      case 0x2e: // STOP
        return unwrap(pop(), file);
      case 0x63: {
        // GLOBAL "module\nname\n"
        const end1 = bytes.indexOf(0x0a, pos);
        const module = latin1(end1 - pos);
        pos++;
        const end2 = bytes.indexOf(0x0a, pos);
        const name = latin1(end2 - pos);
        pos++;
        const full = `${module} ${name}`;
        if (!ALLOWED.has(full)) fail(`only numpy/scipy array classes`, full);
        stack.push({ kind: "global", name: full });
        break;
      }
      case 0x71: // BINPUT
        memo.set(u8(), top());
        break;
      case 0x72: // LONG_BINPUT
        memo.set(i32(), top());
        break;
      case 0x68: // BINGET
      case 0x6a: {
        // LONG_BINGET
        const key = op === 0x68 ? u8() : i32();
        if (!memo.has(key)) fail(`a memo entry ${key}`);
        stack.push(memo.get(key)!);
        break;
      }
      case 0x28: // MARK
        stack.push(MARK);
        break;
      case 0x74: // TUPLE
        stack.push(tuple(popMark()));
        break;
      case 0x29: // EMPTY_TUPLE
        stack.push(tuple([]));
        break;
      case 0x85: // TUPLE1
        stack.push(tuple([pop()]));
        break;
      case 0x86: {
        // TUPLE2
        const b = pop();
        stack.push(tuple([pop(), b]));
        break;
      }
      case 0x87: {
        // TUPLE3
        const c = pop();
        const b = pop();
        stack.push(tuple([pop(), b, c]));
        break;
      }
      case 0x5d: // EMPTY_LIST
        stack.push([]);
        break;
      case 0x7d: // EMPTY_DICT
        stack.push(new Map());
        break;
      case 0x61: {
        // APPEND
        const v = pop();
        const list = top();
        if (!Array.isArray(list)) fail("a list to append to");
        (list as PickleValue[]).push(v);
        break;
      }
      case 0x65: {
        // APPENDS
        const items = popMark();
        const list = top();
        if (!Array.isArray(list)) fail("a list to append to");
        (list as PickleValue[]).push(...items);
        break;
      }
      case 0x73: // SETITEM
      case 0x75: {
        // SETITEMS
        const items = op === 0x73 ? [pop(), pop()].reverse() : popMark();
        const dict = top();
        if (!(dict instanceof Map)) fail("a dict to set items on");
        for (let i = 0; i + 1 < items.length; i += 2) (dict as Map<PickleValue, PickleValue>).set(items[i]!, items[i + 1]!);
        break;
      }
      case 0x4a: // BININT
        stack.push(i32());
        break;
      case 0x4b: // BININT1
        stack.push(u8());
        break;
      case 0x4d: // BININT2
        stack.push(u16());
        break;
      case 0x4e: // NONE
        stack.push(null);
        break;
      case 0x88: // NEWTRUE
        stack.push(true);
        break;
      case 0x89: // NEWFALSE
        stack.push(false);
        break;
      case 0x55: // SHORT_BINSTRING
        stack.push(latin1(u8()));
        break;
      case 0x54: {
        // BINSTRING
        const n = i32();
        if (n < 0) fail("a non-negative string length", n);
        stack.push(latin1(n));
        break;
      }
      case 0x58: {
        // BINUNICODE
        const n = i32();
        need(n);
        stack.push(new TextDecoder().decode(bytes.subarray(pos, pos + n)));
        pos += n;
        break;
      }
      case 0x52: {
        // REDUCE
        const args = pop() as PickleObject;
        const callable = pop() as PickleObject;
        stack.push(reduce(callable, args.items ?? [], fail));
        break;
      }
      case 0x81: {
        // NEWOBJ
        pop();
        const cls = pop() as PickleObject;
        if (cls.name !== "scipy.sparse.csr csr_matrix") fail("csr_matrix as the only class built with NEWOBJ", cls.name);
        stack.push({ kind: "csr-pending" });
        break;
      }
      case 0x62: {
        // BUILD
        const state = pop();
        const target = top() as PickleObject;
        build(target, state, fail);
        break;
      }
      default:
        fail("a pickle opcode used by the Planetoid files", `0x${op.toString(16)}`);
    }
  }
}

function reduce(callable: PickleObject, args: PickleValue[], fail: (e: string, g?: unknown) => never): PickleValue {
  switch (callable.name) {
    case "numpy.core.multiarray _reconstruct":
      return { kind: "ndarray-pending" };
    case "numpy dtype":
      return { kind: "dtype", code: String(args[0]) };
    case "collections defaultdict":
      return new Map();
    default:
      return fail("a callable the Planetoid pickles use", callable.name);
  }
}

/** Applies BUILD state: dtype byte order, ndarray contents, csr_matrix fields. */
function build(target: PickleObject, state: PickleValue, fail: (e: string, g?: unknown) => never): void {
  if (target.kind === "dtype") {
    const order = (state as PickleObject).items?.[1];
    if (order === ">") fail("little-endian arrays", "big-endian");
    return;
  }
  if (target.kind === "ndarray-pending") {
    // (version, shape, dtype, is_fortran, raw bytes)
    const [, shapeT, dtype, fortran, raw] = (state as PickleObject).items ?? [];
    const shape = ((shapeT as PickleObject).items ?? []).map(Number);
    const code = (dtype as PickleObject).code ?? "";
    if (fortran === true) fail("C-ordered arrays", "Fortran order");
    const text = raw as string;
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    const aligned = bytes.buffer;
    const data =
      code === "f8" ? new Float64Array(aligned) : code === "f4" ? new Float32Array(aligned) : code === "i4" ? new Int32Array(aligned) : code === "i8" ? Int32Array.from(new BigInt64Array(aligned), Number) : code === "i1" || code === "b1" ? new Int8Array(aligned) : code === "u1" ? new Uint8Array(aligned) : fail("an array of f8, f4, i8, i4, i1, u1 or b1", code);
    Object.assign(target, { kind: "ndarray", shape, dtype: code, data });
    return;
  }
  if (target.kind === "csr-pending") {
    const fields = state as Map<PickleValue, PickleValue>;
    const shape = ((fields.get("_shape") as PickleObject)?.items ?? []).map(Number) as [number, number];
    const indptr = fields.get("indptr") as PickledNdarray | undefined;
    const indices = fields.get("indices") as PickledNdarray | undefined;
    if (indptr?.kind !== "ndarray" || indices?.kind !== "ndarray" || shape.length !== 2) fail("a csr_matrix with _shape, indptr and indices");
    Object.assign(target, { kind: "csr", shape, indptr: Int32Array.from(indptr!.data), indices: Int32Array.from(indices!.data) });
    return;
  }
  fail("BUILD on an array, a dtype or a csr_matrix", target.kind);
}

/** Tuples become plain arrays at the end. */
function unwrap(value: PickleValue, file: string): PickleValue {
  if (typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Map) && value.kind === "tuple") return (value as PickleObject).items ?? [];
  if (typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Map) && (value.kind === "ndarray-pending" || value.kind === "csr-pending")) {
    throw new BadInputError({ file, expected: "a complete array (its BUILD state missing)" });
  }
  return value;
}
