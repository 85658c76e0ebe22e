import { z } from "zod";
import { fieldsOf } from "../../schema/introspect";
import { recordingInputs, recordingOutputs } from "./schema";

/** The recording's inputs and outputs as field specs, for reconciling reads and keeping omitted secrets. */
export const recordingFields = fieldsOf(z.object({ ...recordingInputs.shape, ...recordingOutputs.shape }));
