import { Type, type Static } from '@sinclair/typebox';
import { MIN_PASSWORD_LENGTH } from '../../shared/password.js';
import { RoleSchema } from '../../shared/roles.js';
import { AUDIT_ACTIONS } from './audit.js';

const Habilitation = Type.Union([Type.String({ minLength: 1, maxLength: 200 }), Type.Null()], {
  description: "The agent's entry in the council's register of habilitated employees (LPAC art. 12.3); null when they cannot sign on a citizen's behalf",
});
const Timestamp = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);

export const StaffMember = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  email: Type.String(),
  role: RoleSchema,
  habilitation: Habilitation,
  disabledAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'When an administrator disabled them; null while they may sign in' }),
  lastSignInAt: Timestamp,
  invited: Type.Boolean({ description: 'Invited and not yet with a password of their own' }),
});

export const StaffList = Type.Object({ agents: Type.Array(StaffMember) });

export const InviteBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }),
    email: Type.String({ format: 'email', maxLength: 254 }),
    role: RoleSchema,
    habilitation: Type.Optional(Habilitation),
  },
  { additionalProperties: false },
);
export type InviteBody = Static<typeof InviteBody>;

export const Invited = Type.Object({
  agent: StaffMember,
  invitation: Type.Object({
    url: Type.String({ description: 'The one-time link with which they set their password; shown once, only its hash is kept' }),
    expiresAt: Type.String({ format: 'date-time' }),
  }),
});

export const AgentParams = Type.Object({ agent: Type.String({ format: 'uuid' }) });
export type AgentParams = Static<typeof AgentParams>;

export const ChangeBody = Type.Object(
  {
    role: Type.Optional(RoleSchema),
    habilitation: Type.Optional(Habilitation),
    disabled: Type.Optional(Type.Boolean({ description: 'Disabling ends their sessions at once' })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type ChangeBody = Static<typeof ChangeBody>;

export const AuditQuery = Type.Object(
  {
    before: Type.Optional(Type.Integer({ minimum: 1, description: 'The next page: entries numbered below this one' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
  },
  { additionalProperties: false },
);
export type AuditQuery = Static<typeof AuditQuery>;

export const AuditPage = Type.Object({
  entries: Type.Array(
    Type.Object({
      seq: Type.Integer(),
      at: Type.String({ format: 'date-time' }),
      actor: Type.Union([Type.Object({ id: Type.String(), name: Type.String() }), Type.Null()], { description: 'null for a command run on the server' }),
      action: Type.Union(AUDIT_ACTIONS.map((action) => Type.Literal(action))),
      target: Type.Union([Type.Object({ id: Type.String(), name: Type.String(), email: Type.String() }), Type.Null()]),
      details: Type.Record(Type.String(), Type.Unknown()),
      hash: Type.String({ description: 'SHA-256 of the entry and the hash of the one before' }),
    }),
  ),
  next: Type.Union([Type.Integer(), Type.Null()], { description: 'The `before` of the next page; null on the last' }),
});

export const AcceptBody = Type.Object(
  {
    token: Type.String({ minLength: 20, maxLength: 200 }),
    password: Type.String({ minLength: MIN_PASSWORD_LENGTH, maxLength: 1024 }),
  },
  { additionalProperties: false },
);
export type AcceptBody = Static<typeof AcceptBody>;
