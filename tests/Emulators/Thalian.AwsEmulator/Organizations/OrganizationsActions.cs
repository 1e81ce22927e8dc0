using System.Globalization;
using System.Text.Json;
using Thalian.AwsEmulator.Protocol;
using Thalian.AwsEmulator.Scenarios;

namespace Thalian.AwsEmulator.Organizations;

/// <summary>DescribeOrganization and ListAccounts (JSON 1.1), answered only to callers in the management account.</summary>
public static class OrganizationsActions
{
    public const string TargetPrefix = "AWSOrganizationsV20161128.";

    public static IResult Handle(string action, Caller caller, JsonElement request, EmulatorState state)
    {
        if (state.Scenario.Organization is not { } organization)
        {
            return new AwsFault("AWSOrganizationsNotInUseException", "Your account is not a member of an organization.", 400).ToJson();
        }
        if (caller.Account.AccountId != organization.ManagementAccountId)
        {
            return new AwsFault("AccessDeniedException", "You don't have permissions to access this resource.", 400).ToJson();
        }
        var management = state.Account(organization.ManagementAccountId)!;
        return action switch
        {
            "DescribeOrganization" => Json(new
            {
                Organization = new
                {
                    organization.Id, Arn = management.Arn("organizations", $"organization/{organization.Id}"), FeatureSet = "ALL",
                    MasterAccountArn = management.Arn("organizations", $"account/{organization.Id}/{management.AccountId}"),
                    MasterAccountId = management.AccountId, MasterAccountEmail = "management@example.com",
                },
            }),
            "ListAccounts" => ListAccounts(request, state, organization, management),
            _ => new AwsFault("InvalidAction", $"The action {action} is not valid for this emulator.", 400).ToJson(),
        };
    }

    private static IResult ListAccounts(JsonElement request, EmulatorState state, OrganizationSpec organization, AccountSpec management)
    {
        var max = request.TryGetProperty("MaxResults", out var m) ? Math.Clamp(m.GetInt32(), 1, 20) : 20;
        var offset = request.TryGetProperty("NextToken", out var t) ? int.Parse(t.GetString()!, CultureInfo.InvariantCulture) : 0;
        var page = state.Scenario.Accounts.Skip(offset).Take(max).Select(a => new
        {
            Id = a.AccountId, Arn = management.Arn("organizations", $"account/{organization.Id}/{a.AccountId}"), Email = $"{a.AccountId}@example.com",
            Name = a.Name ?? $"account-{a.AccountId}", Status = a.OrganizationStatus, State = a.OrganizationStatus, JoinedMethod = "CREATED",
        }).ToList();
        var next = offset + page.Count < state.Scenario.Accounts.Count ? (offset + page.Count).ToString(CultureInfo.InvariantCulture) : null;
        return Json(new { Accounts = page, NextToken = next });
    }

    private static readonly JsonSerializerOptions AwsNames = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    private static IResult Json(object value) => Results.Json(value, AwsNames, contentType: "application/x-amz-json-1.1");
}
