/** Pure voting rules: shares and quorum, polls and their states, ballots, tallies, results, receipts. */
export * from "./share";
export * from "./poll";
export * from "./ballot";
export * from "./tally";
export * from "./result";
export * from "./words";
export * from "./receipt";
export * from "./attendance";
