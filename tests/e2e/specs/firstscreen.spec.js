// The week on the first screen: a parent who taps the link in a WeChat group (390 × 664
// visible) or opens it in a full-screen browser (390 × 844) sees sessions before scrolling,
// under the week's title, its dates and the search box; far down the list the search box is
// still at hand, and a filter in force says so in one line with a way to clear it.
import { test, expect } from '@playwright/test';
import { open } from './helpers.js';

// The week is over (as it is for a parent opening the link today): the note saying so is on
// the first screen too. Before the week a line with the days left is there instead.
const AFTER = new Date('2024-06-02T09:00:00+08:00');
const BEFORE = new Date('2024-05-10T09:00:00+08:00');

const SCREENS = [
  { height: 664, cards: 2, name: 'WeChat (390 × 664)' },
  { height: 844, cards: 3, name: 'a full-screen browser (390 × 844)' },
];

const VIEWS = [
  { name: 'the home page', path: './' },
  { name: 'a day (?date=2024-05-26)', path: './?date=2024-05-26' },
  { name: 'a search (?q=科普)', path: './?q=科普' },
];

/** What the first screen shows: the session cards that begin on it with their whole title,
 * and whether the week's title, its dates, the search box and the count are wholly on it. */
const firstScreen = (page) =>
  page.evaluate(() => {
    const whole = (el) => {
      if (!el) return false;
      const r = el.getBoundingClientRect();
      return r.height > 0 && r.top >= 0 && r.bottom <= innerHeight;
    };
    const cards = [...document.querySelectorAll('#page .card[data-session]')].filter((c) => {
      const r = c.getBoundingClientRect();
      return r.height > 0 && r.top >= 0 && r.top < innerHeight && whole(c.querySelector('h3'));
    });
    const first = document.querySelector('#page .card[data-session]');
    return {
      cards: cards.length,
      firstCardTop: first ? Math.round(first.getBoundingClientRect().top) : null,
      scrollY,
      title: whole(document.querySelector('header h1')),
      dates: whole(document.querySelector('header .dates')),
      search: whole(document.querySelector('#q')),
      count: whole(document.querySelector('.bar p[role="status"]')),
    };
  });

/** How many lines of text `el` takes. */
const lines = (locator) =>
  locator.evaluate((el) => {
    const s = getComputedStyle(el);
    const inner = el.getBoundingClientRect().height - parseFloat(s.paddingTop) - parseFloat(s.paddingBottom)
      - parseFloat(s.borderTopWidth) - parseFloat(s.borderBottomWidth);
    return Math.round(inner / parseFloat(s.lineHeight));
  });

for (const screen of SCREENS) {
  test.describe(`on ${screen.name}`, () => {
    test.use({ viewport: { width: 390, height: screen.height } });

    for (const view of VIEWS) {
      test(`${view.name}: at least ${screen.cards} sessions begin on the first screen, under the title, dates and search box`, async ({ page }) => {
        await page.clock.setFixedTime(AFTER);
        await open(page, view.path);
        await expect(page.locator('#page .card[data-session]').nth(screen.cards)).toBeAttached();
        const seen = await firstScreen(page);
        console.log(`${screen.height} ${view.path}: ${JSON.stringify(seen)}`);
        expect(seen.scrollY).toBe(0);
        expect(seen).toMatchObject({ title: true, dates: true, search: true, count: true });
        expect(seen.cards, `cards beginning on the first screen (the first at ${seen.firstCardTop} px)`).toBeGreaterThanOrEqual(screen.cards);
        // The note that the week is over is one line; each chip row is a single row.
        await expect(page.locator('#page .week-over')).toBeVisible();
        expect(await lines(page.locator('#page .week-over'))).toBe(1);
        for (const row of await page.locator('#page .filters .chips').all()) {
          expect(await row.evaluate((ul) => ul.getBoundingClientRect().height)).toBeLessThan(60);
        }
      });
    }

    test(`before the week: the days-to-go line is one line and ${screen.cards} sessions still begin on the first screen`, async ({ page }) => {
      await page.clock.setFixedTime(BEFORE);
      await open(page);
      const note = page.locator('#page .week-soon');
      await expect(note).toContainText('还有 10 天');
      expect(await lines(note)).toBe(1);
      const seen = await firstScreen(page);
      console.log(`${screen.height} before the week: ${JSON.stringify(seen)}`);
      expect(seen).toMatchObject({ title: true, dates: true, search: true });
      expect(seen.cards).toBeGreaterThanOrEqual(screen.cards);
    });

    test('three screens down the list the search box is still at hand, and searching from there works', async ({ page }) => {
      await page.clock.setFixedTime(AFTER);
      await open(page);
      const box = page.locator('#q');
      for (let i = 1; i <= 3; i++) {
        await page.evaluate(() => window.scrollBy(0, innerHeight));
        // More cards arrive as the list is scrolled: wait for the page to have gone that far.
        await expect.poll(() => page.evaluate(() => scrollY)).toBeGreaterThanOrEqual(i * screen.height - 1);
      }
      const y = await page.evaluate(() => scrollY);
      await expect(box).toBeInViewport({ ratio: 1 });
      // Nothing covers it: a tap lands on the box itself.
      expect(await box.evaluate((el) => {
        const r = el.getBoundingClientRect();
        return document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2) === el;
      })).toBe(true);
      expect(await page.evaluate(() => scrollY)).toBe(y);
      await box.tap();
      await expect(box).toBeFocused();
      await page.keyboard.type('气象');
      await expect(page.locator('.bar p[role="status"]')).toHaveText('共 2 场活动');
      await expect(page.locator('#page .card[data-session]').first()).toBeInViewport();
    });

    test('down a day\'s list the day in force shows in one line under the search box, and one tap clears it', async ({ page }) => {
      await page.clock.setFixedTime(AFTER);
      await open(page, './?date=2024-05-25');
      const total = await page.locator('.bar p[role="status"]').textContent();
      const line = page.locator('#page .narrowing');
      // At the top the pressed chip says it: no line pushes the chips or the list down.
      await expect(page.locator('#page .chip[aria-pressed="true"]', { hasText: '5月25日' })).toBeInViewport();
      await expect(line).toBeHidden();
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      await expect.poll(() => page.evaluate(() => scrollY)).toBeGreaterThan(screen.height / 2);
      await expect(line).toBeInViewport({ ratio: 1 });
      await expect(line).toContainText('5月25日');
      expect(await line.evaluate((el) => el.getBoundingClientRect().height)).toBeLessThanOrEqual(48);
      expect(total).not.toBe('共 24 场活动');
      await line.getByRole('button', { name: '清除筛选' }).tap();
      await expect(page.locator('.bar p[role="status"]')).toHaveText('共 24 场活动');
      expect(new URL(page.url()).search).toBe('');
      await expect(line).toBeHidden();
      // Back at the top of the whole week, on the chip that now says so.
      const all = page.locator('#page .filters .chip').first();
      await expect(all).toHaveText('全部日期');
      await expect(all).toHaveAttribute('aria-pressed', 'true');
      await expect(all).toBeFocused();
      expect(await page.evaluate(() => scrollY)).toBe(0);
    });

    test('the subscription is a menu in the count\'s row that opens over the list and closes on a tap elsewhere', async ({ page }) => {
      await open(page);
      const bar = page.locator('#page .bar');
      const menu = bar.locator('.subscribe');
      const row = async (locator) => locator.evaluate((el) => Math.round(el.getBoundingClientRect().top + el.getBoundingClientRect().height / 2));
      const summary = menu.locator('summary');
      await expect(summary).toHaveText('订阅日历');
      expect(await row(summary)).toBe(await row(bar.locator('p[role="status"]')));
      const firstCard = page.locator('#page .card[data-session]').first();
      const cardTop = await firstCard.evaluate((el) => el.getBoundingClientRect().top);
      await summary.tap();
      const link = menu.getByRole('link', { name: '订阅整周日历' });
      await expect(link).toBeVisible();
      // Over the list: nothing below moved.
      expect(await firstCard.evaluate((el) => el.getBoundingClientRect().top)).toBe(cardTop);
      await bar.locator('p[role="status"]').tap();
      await expect(link).toBeHidden();
    });

    test('the base page and my week open under the same compact header as the home page', async ({ page }) => {
      const tabsBottom = () => page.locator('nav.tabs').evaluate((n) => Math.round(n.getBoundingClientRect().bottom));
      await open(page);
      const home = await tabsBottom();
      await page.locator('#page .card[data-session] a').first().click();
      await expect(page.getByRole('link', { name: '← 返回活动列表' })).toBeVisible();
      const base = await tabsBottom();
      await open(page, './?view=week');
      const week = await tabsBottom();
      expect({ base, week }).toEqual({ base: home, week: home });
      // The title, the dates and the tabs take at most an eighth of the WeChat screen.
      expect(home).toBeLessThanOrEqual(90);
    });
  });
}
