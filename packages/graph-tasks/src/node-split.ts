/**
 * A train/validation/test split of the nodes, as node indices in the compact graph's order
 * (the graphology graph's node order). Nodes in none of the three are unused.
 */
export interface NodeSplit {
  readonly train: Int32Array;
  readonly val: Int32Array;
  readonly test: Int32Array;
}
