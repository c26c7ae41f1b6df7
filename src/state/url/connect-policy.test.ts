import { describe, expect, it } from 'vitest';
import { connectSrcFor } from './connect-policy';

describe('connect-src', () => {
  it('is the page origin alone by default', () => {
    expect(connectSrcFor('http://127.0.0.1:4173/')).toBe("connect-src 'self'");
    expect(connectSrcFor('http://127.0.0.1:4173/#v=1&q=tcp')).toBe("connect-src 'self'");
  });

  it('adds the origin of a ?url= or a link u= trace URL', () => {
    expect(connectSrcFor('http://127.0.0.1:4173/?url=' + encodeURIComponent('http://127.0.0.1:9000/t.txt'))).toBe(
      "connect-src 'self' http://127.0.0.1:9000",
    );
    expect(connectSrcFor('http://127.0.0.1:4173/#v=1&u=' + encodeURIComponent('https://traces.example/a.gz'))).toBe(
      "connect-src 'self' https://traces.example",
    );
  });

  // Side B of compare mode was fetched from an origin the policy did not allow: `?url=A&vs=B`
  // and a compare link's `bu=` failed whenever B was served from elsewhere than A and the page.
  it("adds the origin of side B's URL: ?vs= or a compare link's bu=", () => {
    const a = encodeURIComponent('https://a.example/a.txt');
    const b = encodeURIComponent('https://b.example/b.txt');
    expect(connectSrcFor(`http://127.0.0.1:4173/?url=${a}&vs=${b}`)).toBe("connect-src 'self' https://a.example https://b.example");
    expect(connectSrcFor(`http://127.0.0.1:4173/#v=3&u=${a}&bu=${b}`)).toBe("connect-src 'self' https://a.example https://b.example");
    // Only an http(s) side B, and only in a compare link (version 3).
    expect(connectSrcFor('http://127.0.0.1:4173/?vs=javascript:alert(1)')).toBe("connect-src 'self'");
    expect(connectSrcFor(`http://127.0.0.1:4173/#v=2&bu=${b}`)).toBe("connect-src 'self'");
  });

  it('never adds a non-http origin or markup', () => {
    expect(connectSrcFor('http://127.0.0.1:4173/?url=javascript:alert(1)')).toBe("connect-src 'self'");
    expect(connectSrcFor('http://127.0.0.1:4173/#v=1&u=' + encodeURIComponent('data:text/plain,x'))).toBe("connect-src 'self'");
  });
});
