import { identityCitizen } from './citizen.js';
import { identityDesk } from './desk.js';

/** The identity step's routes: `citizen` in the citizen API's scope, `desk` in the desk's. */
export const identityRoutes = {
  citizen: identityCitizen,
  desk: identityDesk,
};
