import { Type, type Static } from '@sinclair/typebox';
import { RoleSchema } from '../../shared/roles.js';

export const LoginBody = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: 254 }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { additionalProperties: false },
);
export type LoginBody = Static<typeof LoginBody>;

export const SessionParams = Type.Object({ session: Type.String({ format: 'uuid' }) });
export type SessionParams = Static<typeof SessionParams>;

export const AgentSessions = Type.Object({
  sessions: Type.Array(
    Type.Object({
      id: Type.String({ format: 'uuid' }),
      createdAt: Type.String({ format: 'date-time' }),
      lastSeenAt: Type.String({ format: 'date-time', description: 'Updated at most once a minute' }),
      expiresAt: Type.String({ format: 'date-time', description: 'The absolute end; it ends earlier when unused for SESSION_IDLE_MINUTES' }),
      userAgent: Type.Union([Type.String(), Type.Null()]),
      address: Type.Union([Type.String(), Type.Null()]),
      current: Type.Boolean({ description: 'Whether it is the session of this request' }),
    }),
  ),
});

export const AgentSession = Type.Object({
  agent: Type.Object({
    id: Type.String(),
    role: RoleSchema,
    name: Type.String(),
    email: Type.String(),
    council: Type.Object({ id: Type.String(), name: Type.String() }),
    habilitation: Type.Union([Type.String(), Type.Null()], {
      description: "Their entry in the register of habilitated employees; null when they cannot sign on a citizen's behalf",
    }),
  }),
});
export type AgentSession = Static<typeof AgentSession>;

export const Team = Type.Object({
  agents: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), role: RoleSchema }), { description: 'Enabled agents only, by name' }),
});
