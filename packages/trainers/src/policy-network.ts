import * as tf from "@tensorflow/tfjs";
import { BadInputError, type Episode, type GraphObservation, type ImageObservation, type VectorObservation } from "@ssl4rl/core";
import type { ActionSpace } from "./action-space.js";
import { createGraphEncoder, type GraphActivation, type GraphEncoder, prepareGraph, type PreparedGraph } from "./graph-encoder.js";
import { createImageEncoder, type ImageEncoder } from "./image-encoder.js";
import { ParameterStore } from "./parameter-store.js";
import { createCandidateHead, createChoiceHead, createInnerProductHead, createSlotHead } from "./task-head.js";
import { createVectorEncoder, type VectorEncoder } from "./vector-encoder.js";

/** Sizes of every part of the policy network. */
export interface NetworkConfig {
  /** Side of the square input images (the vision tasks' tensor size, 32 by default). */
  readonly imageSize: number;
  /** Channels of the CNN's 3×3 convolutions. */
  readonly channels: readonly number[];
  /** Per-image embedding size. */
  readonly embedding: number;
  /** Hidden size of the task heads. */
  readonly headHidden: number;
  /** Hidden sizes of the GCN layers. */
  readonly graphHidden: readonly number[];
  /** The GCN's non-linearity (default `relu`; `prelu` learns a negative slope per layer, as DGI's encoder; `linear`: none, as SGC). */
  readonly graphActivation?: GraphActivation;
  /**
   * How a question about a node pair (yes/no edge prediction) is answered: `mlp` (default) reads
   * both embeddings and their element-wise product; `inner-product` scores each answer as a
   * learned scale and offset of the pair's inner product only (GAE's decoder), so the encoder
   * alone must place linked nodes close.
   */
  readonly pairHead?: "mlp" | "inner-product";
  /**
   * How a question about two images (rotation's original and turned view, position's image and
   * crop, contrastive's two views) is answered: `concat` (default) gives the head both
   * embeddings side by side; `match` adds their element-wise product and absolute difference,
   * the usual features for telling whether two things match, which a head on the concatenation
   * alone has to learn.
   */
  readonly imagePairHead?: "concat" | "match";
  /** Set: the graph layers are GAT layers with this many attention heads (each width split over them); absent: GCN layers. */
  readonly graphAttentionHeads?: number;
  /** How many times each GCN layer multiplies by Â (default 1); 2 with one linear layer is SGC's Â²XW. GCN layers only. */
  readonly graphHops?: number;
  /** Hidden size of the vector encoder. */
  readonly vectorHidden: number;
  /** `group`: the CNN normalises each convolution's output per image (group normalisation) before its ReLU; absent: none. */
  readonly imageNorm?: "group";
}

export const DEFAULT_NETWORK: NetworkConfig = { imageSize: 32, channels: [16, 32, 32], embedding: 64, headHidden: 64, graphHidden: [64, 64], vectorHidden: 64 };

/** A batch of one task's observations as tensors (made outside the gradient, reused per epoch). */
export type TaskInputs =
  | { readonly kind: "images"; readonly pixels: tf.Tensor4D }
  | { readonly kind: "vector"; readonly values: tf.Tensor2D }
  | { readonly kind: "graph"; readonly groups: readonly GraphGroup[]; readonly order: tf.Tensor1D };

/** Episodes of a batch that share one graph view. */
export interface GraphGroup {
  /** The view's id: its prepared graph stays cached (never evicted) until the inputs are released. */
  readonly viewId: string;
  readonly graph: PreparedGraph;
  readonly queryNodes: tf.Tensor1D;
  readonly queryEpisode: tf.Tensor1D;
  readonly queryCounts: tf.Tensor2D;
  readonly candidates: tf.Tensor2D;
  /** Each candidate's own feature row, `[size × candidates, features]`, when the task sends them. */
  readonly candidateFeatures?: tf.Tensor2D;
  /**
   * Instead of {@link GraphGroup.candidateFeatures} when every row is one-hot (a task offering
   * feature columns): the column of each row, `[size × candidates]`, so the head gathers weight
   * rows instead of multiplying by mostly zeros.
   */
  readonly candidateColumns?: tf.Tensor1D;
  readonly size: number;
}

type Head = { readonly kind: "images"; readonly perEpisode: number; readonly run: (emb: tf.Tensor2D, batch: number) => tf.Tensor3D }
  | { readonly kind: "vector"; readonly run: (values: tf.Tensor2D) => tf.Tensor3D }
  | {
      readonly kind: "graph";
      readonly choices: number;
      readonly numFeatures: number;
      /** "candidates": score each candidate node; "query": classify the query nodes (no candidates). */
      readonly mode: "candidates" | "query";
      readonly queryCount: number;
      readonly candidateFeatures: boolean;
      readonly run: (query: tf.Tensor2D, candidates: tf.Tensor3D | undefined, group: GraphGroup | undefined) => tf.Tensor3D;
    };

/** The column of each one-hot row of `rows` (`count × width`), or undefined if any row is not one-hot. */
function oneHotColumns(rows: Float32Array, count: number, width: number): Int32Array | undefined {
  const columns = new Int32Array(count);
  for (let r = 0; r < count; r++) {
    let column = -1;
    for (let j = r * width; j < (r + 1) * width; j++) {
      const v = rows[j]!;
      if (v === 0) continue;
      if (v !== 1 || column >= 0) return undefined;
      column = j - r * width;
    }
    if (column < 0) return undefined;
    columns[r] = column;
  }
  return columns;
}

/** Candidate rows as the group carries them: their columns when every row is one-hot, else the dense rows. */
function candidateRowTensors(rows: Float32Array, count: number, width: number): Pick<GraphGroup, "candidateFeatures" | "candidateColumns"> {
  const columns = oneHotColumns(rows, count, width);
  return columns ? { candidateColumns: tf.tensor1d(columns, "int32") } : { candidateFeatures: tf.tensor2d(rows, [count, width]) };
}

/** Each candidate's own feature row times `w` (`[size × candidates, dim]`), or undefined when the group has none. */
function candidateRowsTimes(group: GraphGroup, w: tf.Tensor2D): tf.Tensor2D | undefined {
  if (group.candidateColumns) return tf.gather(w, group.candidateColumns) as tf.Tensor2D;
  if (group.candidateFeatures) return tf.matMul(group.candidateFeatures, w) as tf.Tensor2D;
  return undefined;
}

/**
 * Views kept as tensors; the graph tasks reuse one view across a seed's episodes. Views that
 * live inputs use are kept beyond this (a batch may span more views than the cache holds).
 */
const GRAPH_CACHE = 4;

/**
 * The policy's network: encoders shared by modality (one CNN for every vision task, one GCN
 * for every graph task, one MLP per vector width) and one head per task. It only reads the
 * observation contracts of core; it knows no task.
 */
export class PolicyNetwork {
  readonly store: ParameterStore;
  readonly config: NetworkConfig;
  readonly #heads = new Map<string, Head>();
  #image: ImageEncoder | undefined;
  readonly #graph = new Map<number, GraphEncoder>();
  readonly #vector = new Map<number, VectorEncoder>();
  readonly #graphs = new Map<string, PreparedGraph>();
  /** How many live {@link TaskInputs} use each cached view: those are not evicted. */
  readonly #pins = new Map<string, number>();

  constructor(config: NetworkConfig, seed: number | string) {
    this.config = config;
    this.store = new ParameterStore(seed);
  }

  /** Task ids that have a head. */
  get tasks(): string[] {
    return [...this.#heads.keys()];
  }

  /** The observation kind a task's head reads. */
  kindOf(taskId: string): "images" | "vector" | "graph" {
    return this.#head(taskId).kind;
  }

  /** Adds a head for a task, sized from one example episode. Idempotent. */
  addTask(taskId: string, space: ActionSpace, example: Episode<{ readonly kind: string }>): void {
    if (this.#heads.has(taskId)) return;
    const obs = example.observation;
    const prefix = `head/${taskId}`;
    const { headHidden, embedding } = this.config;
    if (obs.kind === "images") {
      const count = (obs as ImageObservation).images.length;
      this.#image ??= createImageEncoder(this.store, this.config);
      if (space.steps > 1 && space.choices === count) {
        const slots = createSlotHead(this.store, prefix, embedding, headHidden, space.steps);
        this.#heads.set(taskId, { kind: "images", perEpisode: count, run: (emb, batch) => slots(emb.reshape([batch, count, embedding])) });
      } else if (count === 2 && this.config.imagePairHead === "match") {
        const head = createChoiceHead(this.store, prefix, 4 * embedding, headHidden, space.steps, space.choices);
        this.#heads.set(taskId, {
          kind: "images",
          perEpisode: 2,
          run: (emb, batch) => {
            const pairs = emb.reshape([batch, 2, embedding]);
            const [a, b] = tf.unstack(pairs, 1) as [tf.Tensor2D, tf.Tensor2D];
            return head(tf.concat([a, b, tf.mul(a, b), tf.abs(tf.sub(a, b))], 1) as tf.Tensor2D);
          },
        });
      } else {
        const head = createChoiceHead(this.store, prefix, count * embedding, headHidden, space.steps, space.choices);
        this.#heads.set(taskId, { kind: "images", perEpisode: count, run: (emb, batch) => head(emb.reshape([batch, count * embedding])) });
      }
    } else if (obs.kind === "vector") {
      const width = (obs as VectorObservation).values.length;
      let encoder = this.#vector.get(width);
      if (!encoder) this.#vector.set(width, (encoder = createVectorEncoder(this.store, width, this.config.vectorHidden)));
      const head = createChoiceHead(this.store, prefix, this.config.vectorHidden, headHidden, space.steps, space.choices);
      const enc = encoder;
      this.#heads.set(taskId, { kind: "vector", run: (values) => head(enc(values)) });
    } else if (obs.kind === "graph") {
      const g = obs as GraphObservation;
      const f = g.view.numFeatures;
      this.#graphEncoder(f);
      const dim = this.config.graphHidden.at(-1)!;
      if (g.candidates.length > 0) {
        if (space.steps !== 1 || g.candidates.length !== space.choices) {
          throw new BadInputError({
            field: `${taskId} observation.candidates`,
            expected: `one choice among the episode's candidates (${space.choices} answers, one step)`,
            got: `${g.candidates.length} candidates, ${space.steps} steps`,
            hint: "The graph policy scores candidates; the task's answer space must list one answer per candidate, in order",
          });
        }
        // Tasks may send each candidate's own feature row (node masking hides them in the view).
        const withFeatures = g.candidateFeatures instanceof Float32Array && g.candidateFeatures.length === g.candidates.length * f;
        const score = createCandidateHead(this.store, prefix, dim, headHidden);
        const featureW = withFeatures ? this.store.heNormal(`${prefix}/candidate-features/w`, [f, dim], f) : undefined;
        this.#heads.set(taskId, {
          kind: "graph",
          mode: "candidates",
          choices: space.choices,
          numFeatures: f,
          queryCount: g.query.length,
          candidateFeatures: withFeatures,
          run: (query, candidates, group) => {
            let c = candidates!;
            const own = featureW && group ? candidateRowsTimes(group, featureW as tf.Tensor2D) : undefined;
            if (own) c = tf.add(c, own.reshape(c.shape)) as tf.Tensor3D;
            return score(query, c);
          },
        });
      } else {
        // No candidates (yes/no edge questions, class names): classify the query nodes' embeddings, concatenated in order.
        const count = Math.max(1, g.query.length);
        // For a node pair the element-wise product is the usual link feature (as in GAE's inner-product decoder).
        const pair = count === 2 ? dim : 0;
        let head: (q: tf.Tensor2D) => tf.Tensor3D;
        if (pair && this.config.pairHead === "inner-product") head = createInnerProductHead(this.store, prefix, dim, space.steps, space.choices);
        else {
          const mlp = createChoiceHead(this.store, prefix, count * dim + pair, headHidden, space.steps, space.choices);
          head = !pair
            ? mlp
            : (q) => {
                const [a, b] = tf.split(q, 2, 1) as [tf.Tensor2D, tf.Tensor2D];
                return mlp(tf.concat([q, tf.mul(a, b)], 1) as tf.Tensor2D);
              };
        }
        this.#heads.set(taskId, { kind: "graph", mode: "query", choices: space.choices, numFeatures: f, queryCount: count, candidateFeatures: false, run: (query) => head(query) });
      }
    } else {
      throw new BadInputError({ field: `${taskId} observation.kind`, expected: `"images", "graph" or "vector"`, got: obs.kind });
    }
  }

  #head(taskId: string): Head {
    const head = this.#heads.get(taskId);
    if (!head) throw new Error(`no policy head for task ${taskId}; call addTask first`);
    return head;
  }

  /** Tensors of a batch of one task's observations; release them with {@link disposeInputs}. */
  inputs(taskId: string, episodes: readonly Episode<{ readonly kind: string }>[]): TaskInputs {
    const head = this.#head(taskId);
    if (head.kind === "images") return { kind: "images", pixels: this.pixels(taskId, episodes) };
    if (head.kind === "vector") {
      const width = (episodes[0]!.observation as VectorObservation).values.length;
      const values = new Float32Array(episodes.length * width);
      episodes.forEach((e, i) => values.set((e.observation as VectorObservation).values, i * width));
      return { kind: "vector", values: tf.tensor2d(values, [episodes.length, width]) };
    }
    return this.#graphInputs(head, episodes as readonly Episode<GraphObservation>[]);
  }

  /** The images of a batch as `[episodes × images, H, W, 3]` in [0, 1]. */
  pixels(taskId: string, episodes: readonly Episode<{ readonly kind: string }>[]): tf.Tensor4D {
    const head = this.#head(taskId);
    if (head.kind !== "images") throw new Error(`task ${taskId} has no images`);
    const side = this.config.imageSize;
    const per = side * side * 3;
    const out = new Float32Array(episodes.length * head.perEpisode * per);
    let k = 0;
    for (const episode of episodes) {
      const images = (episode.observation as ImageObservation).images;
      if (images.length !== head.perEpisode) {
        throw new BadInputError({ field: `${episode.id} observation.images`, expected: `${head.perEpisode} images (as the task's first episode had)`, got: images.length });
      }
      for (const image of images) {
        if (image.width !== side || image.height !== side || image.channels !== 3) {
          throw new BadInputError({
            field: `${episode.id} observation.images`,
            expected: `${side}×${side} pixels with 3 channels`,
            got: `${image.width}×${image.height}×${image.channels}`,
            hint: "Set the trainer's imageSize to the task's tensor size",
          });
        }
        const scale = image.data instanceof Uint8Array ? 1 / 255 : 1;
        for (let i = 0; i < per; i++) out[k * per + i] = image.data[i]! * scale;
        k++;
      }
    }
    return tf.tensor4d(out, [episodes.length * head.perEpisode, side, side, 3]);
  }

  #graphInputs(head: Extract<Head, { kind: "graph" }>, episodes: readonly Episode<GraphObservation>[]): TaskInputs {
    const choices = head.mode === "candidates" ? head.choices : 0;
    const byView = new Map<string, number[]>();
    episodes.forEach((e, i) => {
      const id = e.observation.view.id;
      const list = byView.get(id) ?? [];
      list.push(i);
      byView.set(id, list);
    });
    const groups: GraphGroup[] = [];
    const order: number[] = new Array<number>(episodes.length);
    let offset = 0;
    for (const positions of byView.values()) {
      const view = episodes[positions[0]!]!.observation.view;
      const graph = this.#prepared(view);
      this.#pins.set(view.id, (this.#pins.get(view.id) ?? 0) + 1);
      const qNodes: number[] = [];
      const qEpisode: number[] = [];
      const counts: number[] = [];
      const cand: number[] = [];
      const rows = head.candidateFeatures ? new Float32Array(positions.length * choices * head.numFeatures) : undefined;
      positions.forEach((p, j) => {
        const obs = episodes[p]!.observation as GraphObservation & { candidateFeatures?: Float32Array };
        if (obs.candidates.length !== choices) {
          throw new BadInputError({ field: `${episodes[p]!.id} observation.candidates`, expected: `${choices} candidates`, got: obs.candidates.length });
        }
        if (head.mode === "query" && obs.query.length !== head.queryCount) {
          throw new BadInputError({ field: `${episodes[p]!.id} observation.query`, expected: `${head.queryCount} query nodes (as the task's first episode had)`, got: obs.query.length });
        }
        for (const q of obs.query) {
          qNodes.push(q);
          qEpisode.push(j);
        }
        counts.push(Math.max(1, obs.query.length));
        cand.push(...obs.candidates);
        if (rows) {
          if (!(obs.candidateFeatures instanceof Float32Array) || obs.candidateFeatures.length !== choices * head.numFeatures) {
            throw new BadInputError({ field: `${episodes[p]!.id} observation.candidateFeatures`, expected: `${choices} × ${head.numFeatures} values (one feature row per candidate, as the task's first episode had)`, got: obs.candidateFeatures?.length ?? "none" });
          }
          rows.set(obs.candidateFeatures, j * choices * head.numFeatures);
        }
        order[p] = offset + j;
      });
      groups.push({
        viewId: view.id,
        graph,
        queryNodes: tf.tensor1d(qNodes, "int32"),
        queryEpisode: tf.tensor1d(qEpisode, "int32"),
        queryCounts: tf.tensor2d(counts, [counts.length, 1]),
        candidates: tf.tensor2d(cand, [positions.length, choices], "int32"),
        ...(rows ? candidateRowTensors(rows, positions.length * choices, head.numFeatures) : {}),
        size: positions.length,
      });
      offset += positions.length;
    }
    return { kind: "graph", groups, order: tf.tensor1d(order, "int32") };
  }

  #prepared(view: GraphObservation["view"]): PreparedGraph {
    let graph = this.#graphs.get(view.id);
    if (graph) return graph;
    graph = prepareGraph(view);
    this.#evict(GRAPH_CACHE - 1);
    this.#graphs.set(view.id, graph);
    return graph;
  }

  /** Drops the oldest views no live inputs use until at most `keep` remain (or only used ones). */
  #evict(keep: number): void {
    for (const [id, old] of this.#graphs) {
      if (this.#graphs.size <= keep) return;
      if (this.#pins.has(id)) continue;
      this.#graphs.delete(id);
      old.dispose();
    }
  }

  /** Releases the tensors of {@link PolicyNetwork.inputs} (cached graph views stay). */
  disposeInputs(inputs: TaskInputs): void {
    if (inputs.kind === "images") inputs.pixels.dispose();
    else if (inputs.kind === "vector") inputs.values.dispose();
    else {
      inputs.order.dispose();
      for (const g of inputs.groups) {
        [g.queryNodes, g.queryEpisode, g.queryCounts, g.candidates, g.candidateFeatures, g.candidateColumns].forEach((t) => t?.dispose());
        const pins = (this.#pins.get(g.viewId) ?? 1) - 1;
        if (pins > 0) this.#pins.set(g.viewId, pins);
        else this.#pins.delete(g.viewId);
      }
      this.#evict(GRAPH_CACHE);
    }
  }

  /** Logits `[episodes, steps, choices]` for a task's batch. Differentiable in the weights. */
  logits(taskId: string, inputs: TaskInputs): tf.Tensor3D {
    const head = this.#head(taskId);
    if (head.kind === "images" && inputs.kind === "images") return this.logitsFromPixels(taskId, inputs.pixels);
    if (head.kind === "vector" && inputs.kind === "vector") return head.run(inputs.values);
    if (head.kind === "graph" && inputs.kind === "graph") {
      const encoder = this.#graph.get(head.numFeatures)!;
      const parts = inputs.groups.map((g) => {
        const h = encoder(g.graph);
        if (head.mode === "query") return head.run(tf.gather(h, g.queryNodes).reshape([g.size, head.queryCount * h.shape[1]]) as tf.Tensor2D, undefined, undefined);
        const query = tf.div(tf.unsortedSegmentSum(tf.gather(h, g.queryNodes), g.queryEpisode, g.size), g.queryCounts) as tf.Tensor2D;
        const candidates = tf.gather(h, g.candidates.reshape([-1])).reshape([g.size, head.choices, h.shape[1]]) as tf.Tensor3D;
        return head.run(query, candidates, g);
      });
      const all = parts.length === 1 ? parts[0]! : tf.concat(parts, 0);
      return tf.gather(all, inputs.order) as tf.Tensor3D;
    }
    throw new Error(`inputs of kind ${inputs.kind} do not fit the ${head.kind} head of ${taskId}`);
  }

  /** Logits from pixels directly, so saliency can take the gradient with respect to them. */
  logitsFromPixels(taskId: string, pixels: tf.Tensor4D): tf.Tensor3D {
    const head = this.#head(taskId);
    if (head.kind !== "images" || !this.#image) throw new Error(`task ${taskId} has no images`);
    const batch = pixels.shape[0] / head.perEpisode;
    return head.run(this.#image(pixels), batch);
  }

  /**
   * The image encoder's embeddings, `[n, embedding]` (for the linear probe). The encoder is
   * made on first use if no vision task made it, so a random-init baseline needs no task.
   */
  embedImages(pixels: tf.Tensor4D): tf.Tensor2D {
    this.#image ??= createImageEncoder(this.store, this.config);
    return this.#image(pixels);
  }

  /** The GCN's node embeddings of a view (for the linear probe); the encoder is made on first use. */
  embedGraph(view: GraphObservation["view"]): tf.Tensor2D {
    return this.#graphEncoder(view.numFeatures)(this.#prepared(view));
  }

  /** Every GCN layer's node embeddings of a view, first layer first; the last equals {@link embedGraph}. */
  embedGraphLayers(view: GraphObservation["view"]): tf.Tensor2D[] {
    return this.#graphEncoder(view.numFeatures).layers(this.#prepared(view));
  }

  /** The GCN for views with `numFeatures` features, made (with its weights) on first use. */
  #graphEncoder(numFeatures: number): GraphEncoder {
    let encoder = this.#graph.get(numFeatures);
    if (!encoder) {
      const { graphHidden, graphActivation, graphAttentionHeads, graphHops } = this.config;
      encoder = createGraphEncoder(this.store, numFeatures, graphHidden, graphActivation, {
        ...(graphAttentionHeads !== undefined ? { attentionHeads: graphAttentionHeads } : {}),
        ...(graphHops !== undefined ? { hops: graphHops } : {}),
      });
      this.#graph.set(numFeatures, encoder);
    }
    return encoder;
  }

  dispose(): void {
    this.store.dispose();
    for (const g of this.#graphs.values()) g.dispose();
    this.#graphs.clear();
    this.#pins.clear();
  }
}
