export * from "./queue";
export * from "./timer";
export * from "./pdf";
export * from "./phase";
export * from "./proposals";
