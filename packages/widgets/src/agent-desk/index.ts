import { AgentDesk } from './agent-desk.js';
import { DeskCallbackQueue } from './callback-queue.js';

DeskCallbackQueue.define('desk-callback-queue');
AgentDesk.define('agent-desk');
