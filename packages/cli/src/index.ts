export { main } from "./main.js";
export { buildProgram } from "./program.js";
export { CliContext, type CliIO, processIO } from "./context.js";
export { CONFIG_FILES, DEFAULT_PLUGINS, importPlugin, loadConfiguredPlugins, readPluginConfig, type PluginLoadOptions, type PluginRequest } from "./plugin-loader.js";
export { defaultSource } from "./default-source.js";
export { formatTable } from "./table.js";
