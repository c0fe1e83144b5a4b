/**
 * Registers `<fin-citizen-receipt>`: inside the call's procedure, and on its own in the personal
 * link's view after the call (`import('./procedure/receipt.js')`), which needs nothing else of it.
 */
import { FinCitizenReceipt } from './citizen-receipt.js';

FinCitizenReceipt.define('fin-citizen-receipt');
