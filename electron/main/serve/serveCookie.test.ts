// Issue 9 item 11 against two real `isoscope serve` processes on one host: the URL token is
// traded for a cookie and the browser is sent to a clean URL; each server's cookie carries its
// own port in its name (browsers do not scope cookies by port), and B refuses A's cookie.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answersNormally, httpGet, sessionCookie, startServe, type ServeChild } from '../../../e2e/security/serveChild.js';

let a: ServeChild;
let b: ServeChild;

beforeAll(async () => {
  [a, b] = await Promise.all([startServe(), startServe()]);
}, 30_000);
afterAll(() => Promise.all([a?.stop(), b?.stop()]));

describe('the session token leaves the URL and the cookie belongs to one server', () => {
  it('the printed URL answers 303 to / with an HttpOnly, SameSite=Strict cookie named for the port', async () => {
    const res = await httpGet(a.port, `/?token=${a.token}`);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toEqual(['/']);
    expect(res.headers.get('set-cookie')).toEqual([`isoscope_${a.port}=${a.token}; HttpOnly; SameSite=Strict; Path=/`]);
    expect(res.body).not.toContain(a.token);
    // The clean URL then serves the app with that cookie.
    expect(await answersNormally(a, `isoscope_${a.port}=${a.token}`)).toBe(true);
  });

  it("server B refuses server A's cookie, under A's name or under B's", async () => {
    const cookieA = await sessionCookie(a);
    const cookieB = await sessionCookie(b);
    expect(cookieA.split('=')[0]).not.toBe(cookieB.split('=')[0]);
    expect((await httpGet(b.port, '/', { Cookie: cookieA })).status).toBe(401);
    expect((await httpGet(b.port, '/', { Cookie: `isoscope_${b.port}=${a.token}` })).status).toBe(401);
    // A browser sends both servers' cookies to each (same host): each picks its own.
    expect(await answersNormally(a, `${cookieB}; ${cookieA}`)).toBe(true);
    expect(await answersNormally(b, `${cookieA}; ${cookieB}`)).toBe(true);
  });
});
