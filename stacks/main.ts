// The cdktf app of the reference deployment (cdktf.json runs it with tsx:
// no type-check at synth; `npm test` type-checks).

// First: cheap token traces, set before cdktf loads (modules evaluate in import order).
import "./token-traces";
import { App } from "cdktf";
import { synthOrExit } from "cdktf-vigil";
import { buildReferenceApp } from "./app";

const app = new App();
buildReferenceApp(app);
// Bad input: each problem once, no stack trace, exit 1 (and vigil report/diff refuse the stale output).
synthOrExit(app);
