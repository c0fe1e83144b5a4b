import { Type, type Static } from '@sinclair/typebox';
import { Language } from '../councils/schemas.js';

export const TryNowBody = Type.Object(
  { language: Type.Optional(Language) },
  { additionalProperties: false, description: "`language`: the citizen's, for their page and the application (the council's default otherwise)" },
);
export type TryNowBody = Static<typeof TryNowBody>;

export const DemoQuery = Type.Object({ lang: Type.Optional(Language) });
export type DemoQuery = Static<typeof DemoQuery>;

const Procedure = Type.Object({ id: Type.String(), name: Type.String() });

/** `GET /api/desk/demo`: what a test appointment would be for; the route exists in demo mode only. */
export const DemoOffer = Type.Object({ demo: Type.Literal(true), procedure: Procedure }, { title: 'DemoOffer' });
export type DemoOffer = Static<typeof DemoOffer>;

/** `POST /api/desk/demo/appointments`: the test appointment made, with the citizen's personal link. */
export const TestAppointment = Type.Object(
  {
    id: Type.String(),
    reference: Type.String(),
    procedure: Procedure,
    slot: Type.Object({ start: Type.String({ format: 'date-time' }), end: Type.String({ format: 'date-time' }) }),
    appointmentUrl: Type.String({ format: 'uri', description: "The citizen's personal link, to open in another window or on a phone" }),
  },
  { title: 'TestAppointment' },
);
export type TestAppointment = Static<typeof TestAppointment>;
