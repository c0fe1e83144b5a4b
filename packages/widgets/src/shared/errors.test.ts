import { expect } from '@open-wc/testing';
import { ApiError, embeddingError, FinError } from './errors.js';

describe('embeddingError', () => {
  const where = { api: 'http://localhost:8080', council: 'demo', origin: 'null' };
  const forbidden = new ApiError('FIN_ERR_ORIGIN_FORBIDDEN', 'Requests from null are not allowed', false, 403);

  it('tells a page opened as a file to be served from an allowed origin, not to list "null"', () => {
    const message = embeddingError(forbidden, where)!.message;
    expect(message).to.contain('this page has no origin').and.contain('Serve the page over http(s)');
    expect(message).not.to.contain('Add "null"');
  });

  it('leaves every other failure alone, even with the same code outside a server answer', () => {
    expect(embeddingError(new ApiError('FIN_ERR_NETWORK', 'down', true, 0), where)).to.equal(undefined);
    expect(embeddingError(new FinError('FIN_ERR_ORIGIN_FORBIDDEN', 'x', false), where)).to.equal(undefined);
  });
});
