import { AZURE_CASES, azureClean } from "./azure.cases";
import { describeCorpus } from "./corpus";

describeCorpus("azure", azureClean, AZURE_CASES);
