using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Thalian.AwsEmulator.Scenarios;

namespace Thalian.AwsEmulator.Iam;

/// <summary>Deterministic ids, ARNs and encoded documents for the scenario's identities.</summary>
public static class IamNames
{
    // AWS stores policy text as written; the default encoder would turn '+' into \u002B.
    private static readonly JsonSerializerOptions Unescaped = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Id(string prefix, AccountSpec account, string name) =>
        prefix + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{account.AccountId}/{prefix}/{name}")))[..17];

    public static string UserArn(AccountSpec a, UserSpec u) => a.Arn("iam", $"user{u.Path}{u.Name}");

    public static string RoleArn(AccountSpec a, RoleSpec r) => a.Arn("iam", $"role{r.Path}{r.Name}");

    public static string GroupArn(AccountSpec a, GroupSpec g) => a.Arn("iam", $"group{g.Path}{g.Name}");

    public static string PolicyArn(AccountSpec a, PolicySpec p) => a.Arn("iam", $"policy{p.Path}{p.Name}");

    /// <summary>A full ARN stays as is; a bare name refers to a customer-managed policy of the account.</summary>
    public static (string Name, string Arn) Attached(AccountSpec account, string reference)
    {
        if (reference.StartsWith("arn:", StringComparison.Ordinal))
        {
            return (reference[(reference.LastIndexOf('/') + 1)..], reference);
        }
        var policy = account.Policies.FirstOrDefault(p => p.Name == reference);
        return (reference, policy is null ? account.Arn("iam", $"policy/{reference}") : PolicyArn(account, policy));
    }

    /// <summary>Real AWS percent-encodes policy documents (RFC 3986); moto-like scenarios send them raw.</summary>
    public static string Encode(AccountSpec account, JsonElement document)
    {
        var json = document.ValueKind == JsonValueKind.Undefined ? "{}" : JsonSerializer.Serialize(document, Unescaped);
        return account.PolicyEncoding == "raw" ? json : Uri.EscapeDataString(json);
    }

    public static string AccessKeyId(AccountSpec account, UserSpec user, int index, UserKeySpec key) =>
        key.Id ?? "AKIA" + Id("K", account, $"{user.Name}/{index}")[1..17];

    public static string MfaSerial(AccountSpec account, UserSpec user, MfaSpec device) => device.Type switch
    {
        "u2f" => account.Arn("iam", $"u2f/user/{user.Name}/{device.Name ?? "key"}-{Id("", account, user.Name)[..8]}"),
        "hardware" => device.Name ?? "GAHT" + Id("", account, user.Name)[..8],
        _ => account.Arn("iam", $"mfa/{device.Name ?? user.Name}"),
    };
}
