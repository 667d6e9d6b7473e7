// A cdktf app: the reference deployment with the database construct renamed and a moved block keeping the instance.
import { synthRenamedReference } from "./rename-db";

synthRenamedReference(true);
