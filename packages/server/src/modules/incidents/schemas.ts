import { Type, type Static } from '@sinclair/typebox';

/** What can fail in the background, out of anyone's sight. */
export const INCIDENT_KINDS = ['recording', 'email', 'registration', 'seal'] as const;
export type IncidentKind = (typeof INCIDENT_KINDS)[number];

export const IncidentParams = Type.Object({ incident: Type.String({ format: 'uuid' }) });
export type IncidentParams = Static<typeof IncidentParams>;

export const DeskIncident = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    kind: Type.Union(INCIDENT_KINDS.map((kind) => Type.Literal(kind))),
    subject: Type.String({ description: 'Which job of the kind: `reminder-24h`, `receipt`, `archive-timestamp`…' }),
    reason: Type.String({ description: "The error's code, never its message" }),
    count: Type.Integer({ minimum: 1, description: 'How many times it failed' }),
    firstAt: Type.String({ format: 'date-time' }),
    lastAt: Type.String({ format: 'date-time' }),
    resolvedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    resolvedBy: Type.Union([Type.Literal('retry'), Type.Literal('agent'), Type.Null()], { description: 'A retry that succeeded, or a supervisor' }),
    case: Type.Union([Type.Object({ id: Type.String(), reference: Type.String() }), Type.Null()]),
  },
  { title: 'DeskIncident' },
);
export type DeskIncident = Static<typeof DeskIncident>;

export const DeskIncidents = Type.Object({ incidents: Type.Array(DeskIncident) }, { title: 'DeskIncidents' });
