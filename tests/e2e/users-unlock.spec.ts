import { expect, screen, test } from '../support/e2e';
import { nav, setUpStore, signIn, users } from '../support/e2e-api';

test('an admin sees a locked account and unlocks it; its owner signs in at once', async ({ page, server }) => {
  await setUpStore(server, ['admin', 'manager']);
  // Five wrong guesses lock the manager's name.
  for (let i = 0; i < 5; i++) {
    await expect(server.call('auth.login', { username: users.manager.username, password: `wrong-guess-${i}` })).rejects.toThrow();
  }
  await expect(server.call('auth.login', { username: users.manager.username, password: users.manager.password })).rejects.toThrow(/RATE_LIMITED|try again/i);

  await signIn(page, 'admin');
  await nav(page).getByRole('link', { name: 'Users' }).click();
  const row = page.getByRole('row', { name: new RegExp(users.manager.username) });
  await expect(row.getByText(/Locked until/)).toBeVisible();
  await screen(page, 'users-locked');
  await row.getByRole('button', { name: `Unlock ${users.manager.username}` }).click();
  await expect(row.getByText(/Locked until/)).toHaveCount(0);
  await screen(page, 'users-unlocked');

  const session = await server.call('auth.login', { username: users.manager.username, password: users.manager.password });
  expect(session.token).toEqual(expect.any(String));
});
