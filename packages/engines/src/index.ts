export { parseRewardLabel, formatRewardLabel, type RewardLabel } from "./reward-label.js";
export { TaskScorer, type ScoreRequest } from "./task-scorer.js";
export { createRewardServer, REWARD_SERVER_DEFAULTS, type LogSink, type RewardServerOptions } from "./reward-server.js";
export { ParquetFileWriter, type ParquetColumn } from "./parquet-file-writer.js";
export { bytesField, int64Field, listOfStructField, parquetSchema, stringField, structField, type SchemaField } from "./parquet-schema.js";
export { extraInfo, imageExtension, imageName, messagesWithPlaceholders, type RowContext, type Split } from "./engine-row.js";
export { EXPORT_FORMATS, easyr1Layout, jsonlRow, verlLayout, type ExportFormat, type ParquetLayout } from "./export-format.js";
export { exportEpisodes, parquetLayout, type ExportedFile, type ExportOptions, type ExportResult } from "./export-episodes.js";
