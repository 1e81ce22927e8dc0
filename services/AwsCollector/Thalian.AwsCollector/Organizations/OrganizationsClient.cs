using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Thalian.AwsCollector.AwsApi;

namespace Thalian.AwsCollector.Organizations;

public sealed record OrganizationDescription(string Id, string ManagementAccountId, string FeatureSet);

/// <param name="Status">ACTIVE, SUSPENDED, PENDING_CLOSURE (AWS's newer State field when present, else Status).</param>
public sealed record OrganizationAccount(string Id, string Name, string Email, string Status);

/// <summary>The two AWS Organizations calls Thalian makes, over JSON 1.1 (X-Amz-Target AWSOrganizationsV20161128.*).</summary>
public sealed class OrganizationsClient(AwsHttp http)
{
    public async Task<OrganizationDescription> DescribeOrganizationAsync(AwsTarget target, CancellationToken ct)
    {
        var answer = await CallAsync(target, "DescribeOrganization", new JsonObject(), ct);
        var org = answer.TryGetProperty("Organization", out var o) && o.ValueKind == JsonValueKind.Object
            ? o : throw new AwsMalformedResponseException("organizations:DescribeOrganization", "no Organization object");
        return new OrganizationDescription(Text(org, "Id", "DescribeOrganization"), Text(org, "MasterAccountId", "DescribeOrganization"),
            org.TryGetProperty("FeatureSet", out var f) ? f.GetString() ?? "" : "");
    }

    /// <summary>Every account of the organisation, paged to the end; a repeated NextToken is a malformed answer, not an endless loop.</summary>
    public async Task<List<OrganizationAccount>> ListAccountsAsync(AwsTarget target, CancellationToken ct)
    {
        List<OrganizationAccount> accounts = [];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? nextToken = null;
        do
        {
            var request = new JsonObject { ["MaxResults"] = 20 };
            if (nextToken is not null)
            {
                request["NextToken"] = nextToken;
            }
            var page = await CallAsync(target, "ListAccounts", request, ct);
            if (page.TryGetProperty("Accounts", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                accounts.AddRange(list.EnumerateArray().Select(a => new OrganizationAccount(Text(a, "Id", "ListAccounts"),
                    a.TryGetProperty("Name", out var n) ? n.GetString() ?? "" : "", a.TryGetProperty("Email", out var e) ? e.GetString() ?? "" : "",
                    (a.TryGetProperty("State", out var s) ? s.GetString() : null) ?? Text(a, "Status", "ListAccounts"))));
            }
            nextToken = page.TryGetProperty("NextToken", out var token) && token.ValueKind == JsonValueKind.String ? token.GetString() : null;
            if (nextToken is not null && !seen.Add(nextToken))
            {
                throw new AwsMalformedResponseException("organizations:ListAccounts", "the NextToken repeats");
            }
        }
        while (!string.IsNullOrEmpty(nextToken));
        return accounts;
    }

    private async Task<JsonElement> CallAsync(AwsTarget target, string operation, JsonObject request, CancellationToken ct)
    {
        var action = $"organizations:{operation}";
        var content = new StringContent(request.ToJsonString(), Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-amz-json-1.1");
        var body = await http.PostAsync(target.Credentials, target.Organizations(), action, content,
            [new("X-Amz-Target", $"AWSOrganizationsV20161128.{operation}")], ct);
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? document.RootElement.Clone()
                : throw new AwsMalformedResponseException(action, "the answer is not a JSON object");
        }
        catch (JsonException e)
        {
            throw new AwsMalformedResponseException(action, e.Message, e);
        }
    }

    private static string Text(JsonElement element, string name, string operation) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : throw new AwsMalformedResponseException($"organizations:{operation}", $"an entry has no {name}");
}
