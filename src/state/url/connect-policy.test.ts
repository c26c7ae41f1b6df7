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

  it('never adds a non-http origin or markup', () => {
    expect(connectSrcFor('http://127.0.0.1:4173/?url=javascript:alert(1)')).toBe("connect-src 'self'");
    expect(connectSrcFor('http://127.0.0.1:4173/#v=1&u=' + encodeURIComponent('data:text/plain,x'))).toBe("connect-src 'self'");
  });
});
