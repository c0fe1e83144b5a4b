import type { FastifyInstance, FastifyReply } from 'fastify';
import { AppError } from '../../../shared/errors.js';
import { verifyPassword } from '../../../shared/password.js';
import type { Agent } from '../../agents/store.js';
import { LoginThrottle } from '../../agents/throttle.js';
import { goTo, type ProcedureCase } from '../core.js';
import { publicKeySha256, signedInput, unlockAgentKey } from './signature.js';

/**
 * The habilitated employee's signature on the citizen's behalf (LPAC art. 12.2), over what the
 * citizen agreed to. The agent re-enters their password, which the sign-in throttle counts like a
 * sign-in, so a session left open does not let anyone else sign. The evidence gets everything a
 * verifier needs without us: the signed input, the public key and the signature.
 */
export class AgreementSignature {
  private readonly throttle: LoginThrottle;

  constructor(private readonly fastify: FastifyInstance) {
    this.throttle = new LoginThrottle(fastify.rateCounters, fastify.rateLimits.login);
  }

  /** Signs as `agent`; `reply`, when there is one, says when to retry after too many wrong passwords. */
  async sign(agent: Agent, found: ProcedureCase, password: string, address: string, reply?: FastifyReply): Promise<void> {
    const { fastify } = this;
    const credentials = await fastify.agents.signingCredentials(agent.id);
    const habilitation = credentials?.habilitation;
    if (!credentials || !habilitation) throw new AppError('FIN_ERR_HABILITATION_REQUIRED');
    // Checked before the password too, so that a signature that cannot happen costs no attempt.
    const before = await fastify.procedure.core.read(found.id);
    if (before.agreement.signature) throw new AppError('FIN_ERR_PROCEDURE_CLOSED');
    if (before.agreement.state !== 'agreed') throw new AppError('FIN_ERR_AGREEMENT_MISSING');

    const attempt = await this.throttle.begin(agent.email, address, fastify.now());
    if ('retryAfterSeconds' in attempt) {
      reply?.header('retry-after', attempt.retryAfterSeconds);
      throw new AppError('FIN_ERR_RATE_LIMITED', `Too many wrong passwords, retry in ${attempt.retryAfterSeconds} seconds`);
    }
    // An agent who signs in with the identity provider has no password, so cannot sign this way.
    if (credentials.passwordHash === null || !(await verifyPassword(password, credentials.passwordHash))) {
      await attempt.failed();
      throw new AppError('FIN_ERR_CREDENTIALS_INVALID', 'The password is not correct');
    }
    await attempt.succeeded();
    const signer = await unlockAgentKey(fastify.db, agent.id, password, fastify.now());

    await fastify.procedure.core.write(found, `agent:${agent.id}`, async (record) => {
      const { agreement } = record;
      if (agreement.state !== 'agreed' || !agreement.documentId || !agreement.sha256) throw new AppError('FIN_ERR_AGREEMENT_MISSING');
      const signedAt = fastify.now().toISOString();
      const input = signedInput({ caseId: found.id, documentId: agreement.documentId, sha256: agreement.sha256, signedAt });
      const value = (await signer.sign(input)).toString('base64');
      const keySha256 = publicKeySha256(signer.publicKey);
      record.agreement.signature = {
        agentId: agent.id,
        agentName: agent.name,
        habilitation,
        algorithm: signer.algorithm,
        publicKeySha256: keySha256,
        value,
        signedAt,
      };
      record.steps.agreement = 'done';
      const signed = {
        type: 'agreement.signed' as const,
        data: {
          documentId: agreement.documentId,
          sha256: agreement.sha256,
          agentId: agent.id,
          agentName: agent.name,
          habilitation,
          algorithm: signer.algorithm,
          publicKey: signer.publicKey,
          publicKeySha256: keySha256,
          signedInput: input.toString('utf8'),
          signature: value,
          signedAt,
        },
      };
      return { events: [signed, ...goTo(record, 'receipt')] };
    });
  }
}
