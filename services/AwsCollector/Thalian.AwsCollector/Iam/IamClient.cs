using System.Xml.Linq;
using Microsoft.Extensions.Options;
using Thalian.AwsCollector.AwsApi;

namespace Thalian.AwsCollector.Iam;

/// <summary>The IAM calls the collector needs, each paged to the end (IAM may return short pages while truncated).</summary>
public sealed class IamClient(QueryProtocol query, IOptions<AwsCollectorOptions> options)
{
    private const string Version = "2010-05-08";

    public async Task<AuthorizationDetails> GetAuthorizationDetailsAsync(AwsTarget target, CancellationToken ct)
    {
        List<IamUserDetail> users = [];
        List<IamGroupDetail> groups = [];
        List<IamRoleDetail> roles = [];
        List<ManagedPolicyDetail> policies = [];
        await foreach (var page in PagesAsync(target, "GetAccountAuthorizationDetails",
            [new("Filter.member.1", "User"), new("Filter.member.2", "Group"), new("Filter.member.3", "Role"), new("Filter.member.4", "LocalManagedPolicy")], ct))
        {
            Map(page, "UserDetailList", AuthorizationDetailsXml.User, users);
            Map(page, "GroupDetailList", AuthorizationDetailsXml.Group, groups);
            Map(page, "RoleDetailList", AuthorizationDetailsXml.Role, roles);
            Map(page, "Policies", AuthorizationDetailsXml.Policy, policies);
        }
        return new AuthorizationDetails(users, groups, roles, policies);
    }

    public async Task<List<VirtualMfaAssignment>> ListVirtualMfaDevicesAsync(AwsTarget target, CancellationToken ct)
    {
        List<VirtualMfaAssignment> devices = [];
        await foreach (var page in PagesAsync(target, "ListVirtualMFADevices", [new("AssignmentStatus", "Assigned")], ct))
        {
            Map(page, "VirtualMFADevices", m => new VirtualMfaAssignment(m.Required("SerialNumber"), m.Child("User")?.Text("Arn"), m.Time("EnableDate")), devices);
        }
        return devices;
    }

    public async Task<List<MfaDeviceListing>> ListMfaDevicesAsync(AwsTarget target, string userName, CancellationToken ct)
    {
        List<MfaDeviceListing> devices = [];
        await foreach (var page in PagesAsync(target, "ListMFADevices", [new("UserName", userName)], ct))
        {
            Map(page, "MFADevices", m => new MfaDeviceListing(m.Required("SerialNumber"), m.Time("EnableDate")), devices);
        }
        return devices;
    }

    public async Task<List<AccessKeyListing>> ListAccessKeysAsync(AwsTarget target, string userName, CancellationToken ct)
    {
        List<AccessKeyListing> keys = [];
        await foreach (var page in PagesAsync(target, "ListAccessKeys", [new("UserName", userName)], ct))
        {
            Map(page, "AccessKeyMetadata", m => new AccessKeyListing(m.Required("AccessKeyId"), m.Text("Status") ?? "Unknown", m.Time("CreateDate")), keys);
        }
        return keys;
    }

    public async Task<Dictionary<string, int>> GetAccountSummaryAsync(AwsTarget target, CancellationToken ct)
    {
        var result = await CallAsync(target, "GetAccountSummary", [], ct);
        var summary = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in result.Child("SummaryMap")?.Elements().Where(e => e.Name.LocalName == "entry") ?? [])
        {
            if (!int.TryParse(entry.Text("value"), out var value))
            {
                throw new AwsMalformedResponseException("iam:GetAccountSummary", $"SummaryMap value '{entry.Text("value")}' for '{entry.Text("key")}' is not a number");
            }
            summary[entry.Required("key")] = value;
        }
        return summary;
    }

    /// <summary>Centralised root access features of the caller's organisation (management or delegated-admin account only).</summary>
    public async Task<IReadOnlyList<string>> ListOrganizationsFeaturesAsync(AwsTarget target, CancellationToken ct) =>
        [.. (await CallAsync(target, "ListOrganizationsFeatures", [], ct)).Members("EnabledFeatures").Select(m => m.Value)];

    public async Task<string> GenerateCredentialReportAsync(AwsTarget target, CancellationToken ct) =>
        (await CallAsync(target, "GenerateCredentialReport", [], ct)).Text("State") ?? "UNKNOWN";

    public async Task<CredentialReport> GetCredentialReportAsync(AwsTarget target, CancellationToken ct)
    {
        var result = await CallAsync(target, "GetCredentialReport", [], ct);
        try
        {
            var bytes = Convert.FromBase64String(result.Required("Content"));
            return new CredentialReport(System.Text.Encoding.UTF8.GetString(bytes), result.Time("GeneratedTime"));
        }
        catch (FormatException e)
        {
            throw new AwsMalformedResponseException("iam:GetCredentialReport", e.Message, e);
        }
    }

    private Task<XElement> CallAsync(AwsTarget target, string action, KeyValuePair<string, string>[] parameters, CancellationToken ct) =>
        query.CallAsync(target.Credentials, target.Iam(), Version, action, parameters, ct);

    private async IAsyncEnumerable<XElement> PagesAsync(AwsTarget target, string action, KeyValuePair<string, string>[] parameters,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        string? marker = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            var maxItems = Math.Clamp(options.Value.PageSize, 1, 1000).ToString(System.Globalization.CultureInfo.InvariantCulture);
            KeyValuePair<string, string>[] paging = marker is null ? [new("MaxItems", maxItems)] : [new("MaxItems", maxItems), new("Marker", marker)];
            var page = await CallAsync(target, action, [.. parameters, .. paging], ct);
            yield return page;
            if (!page.Flag("IsTruncated"))
            {
                yield break;
            }
            marker = page.Text("Marker");
            if (string.IsNullOrEmpty(marker) || !seen.Add(marker))
            {
                throw new AwsMalformedResponseException($"iam:{action}", "IsTruncated is true but the Marker is missing or repeats");
            }
        }
    }

    private static void Map<T>(XElement page, string list, Func<XElement, T> map, List<T> into)
    {
        foreach (var member in page.Members(list))
        {
            try
            {
                into.Add(map(member));
            }
            catch (FormatException e)
            {
                throw new AwsMalformedResponseException($"iam:{page.Name.LocalName.Replace("Result", "", StringComparison.Ordinal)}", e.Message, e);
            }
        }
    }
}
