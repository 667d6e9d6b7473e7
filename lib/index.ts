// Cloud-neutral public API. Imports no provider package: a user who targets
// one cloud loads that cloud's provider only (through cdktf-vigil/<cloud>).
export * from "./core";
export * from "./observability";
export * from "./policy";
