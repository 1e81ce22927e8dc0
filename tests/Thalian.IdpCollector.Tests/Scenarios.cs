using System.Text.Json.Nodes;
using Thalian.IdpEmulator;

namespace Thalian.IdpCollector.Tests;

/// <summary>Small directories with every raw status of each vendor, spread over several pages (maxPageSize 3).</summary>
public static class Scenarios
{
    public static readonly string[] OktaStatuses =
        ["ACTIVE", "PASSWORD_EXPIRED", "RECOVERY", "STAGED", "PROVISIONED", "LOCKED_OUT", "SUSPENDED", "ACTIVATING", "DEPROVISIONED", "DEPROVISIONED"];

    public static OktaScenario Okta(bool requireDpop = true) => new()
    {
        ApiTokens = ["okta-test-token"],
        Clients = [new OktaClientSpec("0oatestclient", TestKeys.PublicPem, requireDpop)],
        MaxPageSize = 3,
        Users = OktaStatuses.Select((status, i) => Node($$"""
            { "id": "00u{{i}}", "status": "{{status}}", "statusChanged": "2026-0{{(i % 9) + 1}}-01T00:00:00.000Z",
              "profile": { "login": "okta{{i}}@example.com", "email": "okta{{i}}@example.com", "firstName": "O", "lastName": "{{i}}" } }
            """)).Append(Node("""
            { "id": "00uT", "status": "ACTIVE", "transitioningToStatus": "DEPROVISIONED", "profile": { "login": "leaving@example.com", "email": "leaving@example.com" } }
            """)).ToList(),
    };

    public static EntraScenario Entra() => new()
    {
        TenantId = "tenant-1",
        Clients = [new EntraClientSpec("entra-app", "entra-secret", TestKeys.CertificatePem)],
        MaxPageSize = 2,
        Users =
        [
            Node("""{ "id": "e1", "userPrincipalName": "ann@example.com", "mail": "ann@example.com", "accountEnabled": true, "userType": "Member", "proxyAddresses": ["SMTP:ann@example.com", "smtp:a@example.com"], "mailNickname": "ann", "onPremisesSamAccountName": "ann.s" }"""),
            Node("""{ "id": "e2", "userPrincipalName": "ben@example.com", "mail": "ben@example.com", "accountEnabled": false, "userType": "Member" }"""),
            Node("""{ "id": "e3", "userPrincipalName": "guest_x.com#EXT#@t.onmicrosoft.com", "mail": "guest@x.com", "accountEnabled": true, "userType": "Guest", "externalUserState": "PendingAcceptance" }"""),
            Node("""{ "id": "e4", "userPrincipalName": "cal@example.com", "mail": "cal@example.com", "accountEnabled": true, "userType": "Guest", "externalUserState": "Accepted" }"""),
            Node("""{ "id": "e5", "userPrincipalName": "dee@example.com", "mail": null, "userType": "Member" }"""),
        ],
        DeletedUsers =
        [
            Node("""{ "id": "e8", "userPrincipalName": "e8gone@example.com", "mail": "gone@example.com", "accountEnabled": false, "deletedDateTime": "2026-02-01T00:00:00Z" }"""),
            Node("""{ "id": "e9", "userPrincipalName": "e9left@example.com", "mail": "left@example.com", "accountEnabled": true, "deletedDateTime": "2026-02-02T00:00:00Z" }"""),
            Node("""{ "id": "e10", "userPrincipalName": "e10x@example.com", "mail": "x@example.com", "accountEnabled": false, "deletedDateTime": "2026-02-03T00:00:00Z" }"""),
        ],
    };

    public static GoogleScenario Google() => new()
    {
        ServiceAccounts = [new GoogleServiceAccountSpec("sa@test.iam.gserviceaccount.com", TestKeys.PublicPem, ["admin@example.com"])],
        MaxPageSize = 2,
        Users =
        [
            Node("""{ "id": "g1", "primaryEmail": "gia@example.com", "aliases": ["g@example.com"], "nonEditableAliases": ["gia@example.test-google-a.com"], "suspended": false, "archived": false }"""),
            Node("""{ "id": "g2", "primaryEmail": "hal@example.com", "suspended": true, "suspensionReason": "ADMIN", "archived": false }"""),
            Node("""{ "id": "g3", "primaryEmail": "ida@example.com", "suspended": false, "archived": true }"""),
            Node("""{ "id": "g4", "primaryEmail": "jon@example.com", "isGuestUser": true }"""),
        ],
        DeletedUsers =
        [
            Node("""{ "id": "g8", "primaryEmail": "old@example.com", "deletionTime": "2026-02-10T00:00:00.000Z" }"""),
            Node("""{ "id": "g9", "primaryEmail": "old@example.com", "deletionTime": "2026-02-11T00:00:00.000Z" }"""),
            Node("""{ "id": "g10", "primaryEmail": "older@example.com", "deletionTime": "2026-01-11T00:00:00.000Z" }"""),
        ],
    };

    public static JumpCloudScenario JumpCloud() => new()
    {
        ApiKeys = ["jc-key"],
        MaxPageSize = 2,
        Users =
        [
            Node("""{ "_id": "j1", "username": "kai", "email": "kai@example.com", "alternateEmail": "kai@alt.example.com", "state": "ACTIVATED", "suspended": false, "account_locked": false }"""),
            Node("""{ "_id": "j2", "username": "lee", "email": "lee@example.com", "state": "ACTIVATED", "suspended": false, "account_locked": false, "password_expired": true }"""),
            Node("""{ "_id": "j3", "username": "max", "email": "max@example.com", "state": "STAGED", "suspended": false }"""),
            Node("""{ "_id": "j4", "username": "ned", "email": "ned@example.com", "state": "SUSPENDED", "suspended": true }"""),
            Node("""{ "_id": "j5", "username": "ola", "email": "ola@example.com", "state": "ACTIVATED", "suspended": true }"""),
            Node("""{ "_id": "j6", "username": "pam", "email": "pam@example.com", "state": "ACTIVATED", "suspended": false, "account_locked": true }"""),
            Node("""{ "_id": "j7", "username": "quin", "email": "quin@example.com", "state": "ARCHIVED", "suspended": false }"""),
        ],
    };

    public static readonly (int Status, int State)[] OneLoginCodes = [(1, 1), (4, 1), (5, 1), (8, 1), (0, 1), (7, 1), (2, 1), (3, 1), (6, 1), (1, 0), (1, 2), (1, 3), (1, 9)];

    public static OneLoginScenario OneLogin() => new()
    {
        Clients = [new OneLoginClientSpec("ol-client", "ol-secret")],
        MaxPageSize = 4,
        Users = OneLoginCodes.Select((c, i) => Node($$"""
            { "id": {{500 + i}}, "username": "ol{{i}}", "email": "ol{{i}}@example.com", "samaccountname": "ol{{i}}.sam", "status": {{c.Status}}, "state": {{c.State}} }
            """)).ToList(),
    };

    public static JsonObject Node(string json) => JsonNode.Parse(json)!.AsObject();
}
