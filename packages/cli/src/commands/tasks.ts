import type { Command } from "commander";
import type { CliContext } from "../context.js";
import { formatTable } from "../table.js";

/** `ssl4rl tasks`: the registered tasks, as a table or JSON. */
export function registerTasksCommand(program: Command, ctx: CliContext): void {
  program
    .command("tasks")
    .description("list the registered tasks")
    .option("--json", "print [{id, plugin, version, modality, description, answers}]")
    .action(async (opts: { json?: boolean }) => {
      const registry = await ctx.registry();
      const rows = registry.tasks().map(({ plugin, item }) => {
        const defaults = item.options.safeParse({});
        const answers = defaults.success ? (item.answerSpace(defaults.data) ?? null) : null;
        return { id: item.id, plugin, version: item.version, modality: item.modality, description: item.description, answers };
      });
      if (opts.json) {
        ctx.io.out(`${JSON.stringify(rows, null, 2)}\n`);
        return;
      }
      const answerText = (a: readonly string[] | null) => (a === null ? "(open)" : a.length > 6 ? `${a.slice(0, 6).join(" ")} … (${a.length})` : a.join(" "));
      ctx.io.out(formatTable(["id", "plugin", "version", "modality", "answers", "description"], rows.map((r) => [r.id, r.plugin, r.version, r.modality, answerText(r.answers), r.description])));
    });
}
