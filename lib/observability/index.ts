export * from "./severity";
export * from "./alert";
export * from "./channels";
export * from "./routing";
export * from "./slo";
