// The week as schema.org Event data for search engines: the prerendered page carries one
// JSON-LD block (`<script type="application/ld+json">` in <head>), built by the prerender from
// the dataset the page shows (crates/core/src/event_data.rs), never fetched: the week, and
// each dated session of the committed dataset exactly once, with its dates, place and base,
// its URL the page's shared-plan view of that session alone. Also run on 2024/ of the site of
// two editions (an earlier edition's page carries its own week).
import { test, expect } from '@playwright/test';
import { committedDataset, open, shownSessionIds, watchConsole } from './helpers.js';

const dataset = committedDataset();
const dated = dataset.sessions.filter((s) => s.start);
const undated = dataset.sessions.filter((s) => !s.start);
const baseOf = (s) => dataset.bases.find((b) => b.id === s.base);
const BLOCK = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/g;

test('the page as served carries the week and every dated session as schema.org events', async ({ request }) => {
  const res = await request.get('./');
  expect(res.status()).toBe(200);
  const html = await res.text();
  const blocks = [...html.matchAll(BLOCK)].map((m) => m[1]);
  expect(blocks.length, 'one JSON-LD block').toBe(1);
  expect(html.search(BLOCK), 'in <head>').toBeLessThan(html.indexOf('</head>'));
  // No value can end the element: every `<` is written \u003c.
  expect(blocks[0]).not.toContain('<');
  const week = JSON.parse(blocks[0]);
  expect(week['@context']).toBe('https://schema.org');
  expect(week).toMatchObject({
    '@type': 'Event',
    name: '2024渝北区科技活动周',
    description: dataset.week.theme,
    startDate: dataset.week.start,
    endDate: dataset.week.end,
    location: {
      '@type': 'Place',
      name: '重庆市渝北区',
      address: { '@type': 'PostalAddress', addressLocality: '渝北区', addressRegion: '重庆市', addressCountry: 'CN' },
    },
    organizer: { '@type': 'Organization', name: dataset.notice.issuer },
    eventAttendanceMode: 'https://schema.org/OfflineEventAttendanceMode',
    eventStatus: 'https://schema.org/EventScheduled',
    url: './',
  });

  expect(dated.length).toBeGreaterThan(0);
  expect(week.subEvent.length).toBe(dated.length);
  for (const s of dated) {
    const events = week.subEvent.filter((e) => e.url === `./?plan=${s.id}`);
    expect(events.length, `${s.id} ${s.title}: once`).toBe(1);
    const [event] = events;
    const base = baseOf(s);
    expect(event, s.title).toMatchObject({
      '@type': 'Event',
      name: s.title,
      startDate: s.start,
      endDate: s.end,
      location: { '@type': 'Place', name: s.place, address: { '@type': 'PostalAddress', addressLocality: '渝北区' } },
      organizer: { '@type': 'Organization', name: base.name, address: { streetAddress: base.address } },
      eventAttendanceMode: 'https://schema.org/OfflineEventAttendanceMode',
      eventStatus: 'https://schema.org/EventScheduled',
    });
    // The base's address is the place's only when the session is held at the base.
    expect(event.location.address.streetAddress, s.title).toBe(s.at_base ? base.address : undefined);
    const free = /免费/.test(`${s.source} ${s.note ?? ''}`);
    expect(event.isAccessibleForFree, s.title).toBe(free ? true : undefined);
  }
  for (const s of undated) expect(blocks[0], `${s.title} has no date`).not.toContain(s.id);
});

test("with the app started the block is still there, and a session's URL shows that session alone", async ({ page }) => {
  const w = watchConsole(page);
  await open(page);
  const block = page.locator('script[type="application/ld+json"]');
  await expect(block).toHaveCount(1);
  const week = JSON.parse(await block.textContent());
  expect(week.subEvent.length).toBe(dated.length);
  // A session of several days, at the main venue: its URL is the shared plan of it alone.
  const s = dated.find((x) => x.start !== x.end && !x.at_base);
  const event = week.subEvent.find((e) => e.url === `./?plan=${s.id}`);
  await open(page, new URL(event.url, page.url()).href);
  await expect(page.getByRole('heading', { level: 2, name: '分享的活动计划（1场）' })).toBeVisible();
  expect(await shownSessionIds(page)).toEqual([s.id]);
  w.check();
});
