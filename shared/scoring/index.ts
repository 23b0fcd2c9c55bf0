// Pure scoring rules shared by the server (which checks every write) and the client (which shows
// totals and the ranking live). No I/O here: everything is a function of the definition and values.
export * from "./types";
export { emptyLayer, fromTenths, layerTotals, layerTotalsInTenths, toTenths } from "./totals";
export { layerDifferences, type LayerDifferences } from "./differences";
export { rankUnits, type RankingInput } from "./ranking";
export {
  formatScore,
  parseScoreInput,
  type ParseScoreResult,
  type ScoreInputError,
  type ScoreLocale,
} from "./format";
export { validateScoreLayer, validateScoreValue, type ScoreCellKind, type ScoreValidation } from "./validate";
export { layerValuesFromJson, scoreTableFromJson, type ScoreTable, type ScoreTableRow, type ScoresDocJson } from "./table";
