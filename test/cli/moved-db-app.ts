// A cdktf app: the reference deployment with the database construct renamed and a moved block keeping the instance.
// First, as in stacks/main.ts: cheap token traces before cdktf loads.
import "../../stacks/token-traces";
import { synthRenamedReference } from "./rename-db";

synthRenamedReference(true);
