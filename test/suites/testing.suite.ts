import { runTestFiles } from "./run-test-files";

runTestFiles("testing");
