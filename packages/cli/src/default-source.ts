import { countingSource, type Registry, type SampleSource, type SourceOpenContext } from "@ssl4rl/core";

/**
 * The source a task uses when none is given: its modality's `synthetic` source when a plugin
 * provides one, else a counting source (for tasks that need no data).
 */
export async function defaultSource(registry: Registry, modality: string, spec: string | undefined, context: SourceOpenContext): Promise<SampleSource> {
  if (spec !== undefined) return registry.openSource(spec, modality, context);
  const synthetic = registry.sources().find((s) => s.item.modality === modality && s.item.kind === "synthetic");
  if (synthetic) return registry.openSource("synthetic", modality, context);
  return countingSource();
}
