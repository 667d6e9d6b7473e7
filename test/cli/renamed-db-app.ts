// A cdktf app: the reference deployment with the database construct renamed (vigil diff must flag it).
import { synthRenamedReference } from "./rename-db";

synthRenamedReference(false);
