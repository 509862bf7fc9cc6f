import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BadInputError } from "@ssl4rl/core";
import { compactGraph, loadXmlGraph } from "@ssl4rl/graph-tasks";
import { tempFiles } from "./temp-files.js";

const GEXF = `<?xml version="1.0" encoding="UTF-8"?>
<gexf xmlns="http://gexf.net/1.3" version="1.3">
  <graph defaultedgetype="undirected">
    <attributes class="node">
      <attribute id="0" title="class" type="string"/>
      <attribute id="1" title="features" type="string"/>
    </attributes>
    <nodes>
      <node id="a" label="Alpha"><attvalues><attvalue for="0" value="x"/><attvalue for="1" value="1 0 0.5"/></attvalues></node>
      <node id="b" label="Beta"><attvalues><attvalue for="0" value="y"/><attvalue for="1" value="0 1 2"/></attvalues></node>
      <node id="c" label="Gamma"><attvalues><attvalue for="0" value="x"/><attvalue for="1" value="1,1,1"/></attvalues></node>
    </nodes>
    <edges>
      <edge source="a" target="b"/>
      <edge source="b" target="c"/>
    </edges>
  </graph>
</gexf>`;

const GRAPHML = `<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <key id="k0" for="node" attr.name="class" attr.type="string"/>
  <key id="k1" for="node" attr.name="f0" attr.type="double"/>
  <key id="k2" for="node" attr.name="f1" attr.type="double"/>
  <graph edgedefault="undirected">
    <node id="a"><data key="k0">x</data><data key="k1">1</data><data key="k2">0</data></node>
    <node id="b"><data key="k0">y</data><data key="k1">0.5</data><data key="k2">2</data></node>
    <edge source="a" target="b"/>
  </graph>
</graphml>`;

describe("loadXmlGraph", () => {
  it("reads GEXF with a features attribute and a class, ignoring the display label", () => {
    const dir = tempFiles({ "toy.gexf": GEXF });
    const d = loadXmlGraph(join(dir, "toy.gexf"), "gexf");
    const g = compactGraph(d);
    expect(g.numNodes).toBe(3);
    expect(g.adjacency.neighbours.length).toBe(4);
    expect([...g.features]).toEqual([1, 0, 0.5, 0, 1, 2, 1, 1, 1]);
    expect(g.classNames).toEqual(["x", "y"]);
  });

  it("reads GraphML numeric attributes as named feature columns", () => {
    const dir = tempFiles({ "toy.graphml": GRAPHML });
    const g = compactGraph(loadXmlGraph(join(dir, "toy.graphml"), "graphml"));
    expect(g.featureNames).toEqual(["f0", "f1"]);
    expect([...g.features]).toEqual([1, 0, 0.5, 2]);
    expect([...g.labels]).toEqual([0, 1]);
  });

  it.each([
    ["unclosed XML", "toy.gexf", "gexf", `<?xml version="1.0"?>\n<gexf>\n  <graph>\n    <nodes>\n</gexf>`, /toy\.gexf:\d+: expected well-formed GEXF XML/],
    ["the wrong root", "toy.gexf", "gexf", GRAPHML, /toy\.gexf: expected a <gexf> root element, got "graphml"/],
    ["a GraphML edge to a missing node", "toy.graphml", "graphml", GRAPHML.replace('<edge source="a" target="b"/>', '<edge source="a" target="zz"/>'), /toy\.graphml: expected a valid GRAPHML graph|toy\.graphml/],
    ["a ragged features attribute", "toy.gexf", "gexf", GEXF.replace('value="0 1 2"', 'value="0 1"'), /field "node b features": expected 3 numbers/],
  ])("rejects %s with BadInputError naming the file", (_name, file, format, text, message) => {
    const dir = tempFiles({ [file]: text });
    const load = () => loadXmlGraph(join(dir, file), format as "gexf" | "graphml");
    expect(load).toThrow(BadInputError);
    expect(load).toThrow(message);
  });
});
