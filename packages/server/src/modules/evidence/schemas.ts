import { Type } from '@sinclair/typebox';

/** One event of a case's evidence log, as the desk is shown it. */
export const EvidenceEvent = Type.Object({
  seq: Type.Integer(),
  type: Type.String(),
  at: Type.String({ format: 'date-time' }),
  actor: Type.String(),
  data: Type.Record(Type.String(), Type.Unknown()),
});
