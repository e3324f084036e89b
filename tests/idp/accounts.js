// The people the test IdP knows. Any login name works in its sign-in form (oidc-provider's
// development interactions); these have fixed object ids, groups and roles so that tests can map
// them to backup roles. Unknown names get a stable generated identity with no groups.
import crypto from 'node:crypto';

export const accounts = {
  alice: { name: 'Alice Reader', oid: '0f8fad5b-d9cb-469f-a165-70867728950e', groups: ['backup-readers'], roles: [] },
  oscar: { name: 'Oscar Operator', oid: '7c9e6679-7425-40de-944b-e07fc1f90ae7', groups: ['backup-operators'], roles: ['Backup.Operator'] },
  carol: { name: 'Carol Contributor', oid: '16fd2706-8baf-433b-82eb-8c7fada847da', groups: [], roles: ['Backup.Contributor'] },
};

export async function findAccount(_ctx, id) {
  const known = accounts[id];
  const oid = known?.oid ?? crypto.createHash('sha256').update(id).digest('hex').slice(0, 32);
  return {
    accountId: id,
    async claims() {
      return {
        sub: id,
        name: known?.name ?? id,
        preferred_username: `${id}@idp.test`,
        email: `${id}@idp.test`,
        email_verified: true,
        oid,
        tid: 'a1b2c3d4-0000-4000-8000-000000000001',
        groups: known?.groups ?? [],
        roles: known?.roles ?? [],
      };
    },
  };
}
