/**
 * Registers `<fin-citizen-procedure>` and the receipt inside it. Loaded by the personal link's view
 * only once the citizen is in the call (`import('./procedure/index.js')`), so the booking view
 * never downloads it.
 */
import { FinCitizenProcedure } from './citizen-procedure.js';
import './receipt.js';

FinCitizenProcedure.define('fin-citizen-procedure');
