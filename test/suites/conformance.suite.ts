import { runTestFiles } from "./run-test-files";

runTestFiles("conformance");
