import { Type, type Static } from '@sinclair/typebox';

export const LoginBody = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: 254 }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { additionalProperties: false },
);
export type LoginBody = Static<typeof LoginBody>;

export const AgentSession = Type.Object({
  agent: Type.Object({
    id: Type.String(),
    name: Type.String(),
    email: Type.String(),
    council: Type.Object({ id: Type.String(), name: Type.String() }),
    habilitation: Type.Union([Type.String(), Type.Null()], {
      description: "Their entry in the register of habilitated employees; null when they cannot sign on a citizen's behalf",
    }),
  }),
});
export type AgentSession = Static<typeof AgentSession>;
