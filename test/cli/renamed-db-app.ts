// A cdktf app: the reference deployment with the database construct renamed (vigil diff must flag it).
// First, as in stacks/main.ts: cheap token traces before cdktf loads.
import "../../stacks/token-traces";
import { synthRenamedReference } from "./rename-db";

synthRenamedReference(false);
