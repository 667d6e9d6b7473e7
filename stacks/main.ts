// The cdktf app of the reference deployment (cdktf.json runs it with tsx:
// no type-check at synth; `npm test` type-checks).
import { App } from "cdktf";
import { buildReferenceApp } from "./app";

const app = new App();
buildReferenceApp(app);
app.synth();
