import { expect } from '@open-wc/testing';
import { addressToken } from './address-token.js';
import { openLink } from './testing.js';

describe('addressToken', () => {
  let restore: (() => void) | undefined;
  afterEach(() => {
    restore?.();
    restore = undefined;
  });

  it('takes the token out of the address bar, leaving every other parameter, the hash and the history state as they were', () => {
    restore = openLink('utm_source=butlleti&token=s3cr3t&q=a%20b+c&empty=');
    history.replaceState({ step: 2 }, '');
    expect(addressToken('token', { purpose: 'appointment', council: 'demo' })).to.equal('s3cr3t');
    expect(location.search).to.equal('?utm_source=butlleti&q=a%20b+c&empty=');
    expect(location.hash).to.equal('#main');
    expect(history.state).to.deep.equal({ step: 2 });
  });

  it('removes every copy of a repeated token and leaves no bare "?"', () => {
    restore = openLink('token=a&token=b');
    expect(addressToken('token', { purpose: 'survey', council: 'demo' })).to.equal('a');
    expect(location.search).to.equal('');
    expect(location.href.endsWith(`${location.pathname}#main`)).to.equal(true);
  });

  it('finds it again after a reload of the tab, for the same council and purpose only', () => {
    restore = openLink('token=s3cr3t');
    addressToken('token', { purpose: 'documents', council: 'demo' });
    expect(addressToken('token', { purpose: 'documents', council: 'demo' })).to.equal('s3cr3t');
    expect(addressToken('token', { purpose: 'documents', council: 'beta' })).to.equal(undefined);
    expect(addressToken('token', { purpose: 'survey', council: 'demo' })).to.equal(undefined);
  });

  it('lets a newer link replace the token the tab kept', () => {
    restore = openLink('token=old');
    addressToken('token', { purpose: 'appointment', council: 'demo' });
    history.replaceState(null, '', `${location.pathname}?token=new`);
    expect(addressToken('token', { purpose: 'appointment', council: 'demo' })).to.equal('new');
    expect(addressToken('token', { purpose: 'appointment', council: 'demo' })).to.equal('new');
  });

  it('leaves the token in place until the council is known, so it is kept under that council', () => {
    restore = openLink('token=s3cr3t');
    expect(addressToken('token', { purpose: 'appointment', council: undefined })).to.equal('s3cr3t');
    expect(location.search).to.equal('?token=s3cr3t');
    expect(addressToken('token', { purpose: 'appointment', council: 'demo' })).to.equal('s3cr3t');
    expect(location.search).to.equal('');
  });

  it('leaves the token in the address when the tab cannot keep it, so a reload still works', () => {
    restore = openLink('token=s3cr3t');
    const setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = () => {
      throw new DOMException('blocked', 'SecurityError');
    };
    try {
      expect(addressToken('token', { purpose: 'appointment', council: 'demo' })).to.equal('s3cr3t');
      expect(location.search).to.equal('?token=s3cr3t');
    } finally {
      Storage.prototype.setItem = setItem;
    }
  });

  it('treats an invitation the same way', () => {
    restore = openLink('call=c1&invite=guest-token');
    expect(addressToken('invite', { purpose: 'call', council: 'demo' })).to.equal('guest-token');
    expect(location.search).to.equal('?call=c1');
  });
});
