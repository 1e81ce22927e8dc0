using System.Reflection;
using System.Text.Json.Nodes;
using MassTransit;
using Thalian.Contracts.Findings;

namespace Thalian.Delivery.Tests.Subscribers;

/// <summary>
/// The AsyncAPI document against the contract records, by reflection: a field added to (or removed from) a finding
/// event without the document changing fails here.
/// </summary>
public sealed class AsyncApiContractTests
{
    /// <summary>Settings between findings and correlation: on the bus, but not part of the subscriber contract.</summary>
    private static readonly Type[] NotForSubscribers = [typeof(TenantSettingsChanged)];

    public static TheoryData<string> Events => [.. FindingEventTypes().Select(t => t.Name)];

    [Fact]
    public void Every_finding_event_has_a_channel_on_its_exchange_and_nothing_else_does()
    {
        var channels = AsyncApiDocument.Root["channels"]!.AsObject();

        Assert.Equal(FindingEventTypes().Select(EntityName).Order(), channels.Select(c => (string)c.Value!["address"]!).Order());
        foreach (var (_, channel) in channels)
        {
            var exchange = channel!["bindings"]!["amqp"]!["exchange"]!;
            Assert.Equal((string?)channel["address"], (string?)exchange["name"]);
            Assert.Equal("fanout", (string?)exchange["type"]);
            Assert.True((bool)exchange["durable"]!);
        }
    }

    [Theory]
    [MemberData(nameof(Events))]
    public void Each_message_names_its_masstransit_type_and_envelope(string name)
    {
        var type = FindingEventTypes().Single(t => t.Name == name);
        var message = AsyncApiDocument.Root["components"]!["messages"]![name]!;

        Assert.Equal($"urn:message:{type.Namespace}:{type.Name}", (string?)message["bindings"]!["amqp"]!["messageType"]);
        Assert.Equal($"#/components/schemas/{name}Envelope", (string?)message["payload"]!["$ref"]);
        Assert.Contains($"urn:message:{type.Namespace}:{type.Name}", AsyncApiDocument.Schemas[$"{name}Envelope"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Events))]
    public void Each_message_schema_has_exactly_the_record_s_fields(string name) =>
        AssertDocuments(FindingEventTypes().Single(t => t.Name == name));

    [Fact]
    public void The_finding_details_schema_has_exactly_the_record_s_fields() => AssertDocuments(typeof(FindingDetails));

    private static void AssertDocuments(Type type)
    {
        var schema = AsyncApiDocument.Schemas[type.Name]!.AsObject();
        var properties = schema["properties"]!.AsObject();
        var members = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract").ToList();
        var nullability = new NullabilityInfoContext();

        Assert.Equal(members.Select(p => Camel(p.Name)).Order(), properties.Select(p => p.Key).Order());
        Assert.False((bool)schema["additionalProperties"]!);
        var required = schema["required"]!.AsArray().Select(r => (string)r!).ToHashSet();
        foreach (var member in members)
        {
            var documented = properties[Camel(member.Name)]!;
            var nullable = nullability.Create(member).ReadState == NullabilityState.Nullable;
            Assert.True(nullable != required.Contains(Camel(member.Name)), $"{type.Name}.{member.Name}: required in the document must mean non-nullable in the record.");
            Assert.Equal(JsonType(member.PropertyType, nullable), TypeOf(documented));
        }
    }

    private static IEnumerable<Type> FindingEventTypes() =>
        typeof(FindingOpened).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(FindingOpened).Namespace && t.GetCustomAttribute<EntityNameAttribute>() is not null)
            .Except(NotForSubscribers);

    private static string EntityName(Type type) => type.GetCustomAttribute<EntityNameAttribute>()!.EntityName;

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    /// <summary>The JSON type (and format, or $ref) System.Text.Json gives a CLR type, as the document should state it.</summary>
    private static string JsonType(Type type, bool nullable)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        var text = underlying switch
        {
            _ when underlying == typeof(string) => "string",
            _ when underlying == typeof(Guid) => "string:uuid",
            _ when underlying == typeof(DateTimeOffset) => "string:date-time",
            _ when underlying == typeof(bool) => "boolean",
            _ when underlying == typeof(int) || underlying == typeof(long) => "integer",
            _ when underlying.IsGenericType && underlying.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>) => $"object<{JsonType(underlying.GetGenericArguments()[1], false)}>",
            _ when underlying.IsGenericType && underlying.GetGenericTypeDefinition() == typeof(IReadOnlyList<>) => $"array<{JsonType(underlying.GetGenericArguments()[0], false)}>",
            _ when underlying.Namespace == typeof(FindingDetails).Namespace => $"ref:{underlying.Name}",
            _ => throw new InvalidOperationException($"No JSON mapping for {underlying} in this test: extend it."),
        };
        return nullable ? text + "|null" : text;
    }

    private static string TypeOf(JsonNode schema)
    {
        if (schema["$ref"] is { } reference)
        {
            return "ref:" + ((string)reference!).Split('/')[^1];
        }
        var types = schema["type"] is JsonArray list ? list.Select(t => (string)t!).ToList() : [(string)schema["type"]!];
        var main = types.Single(t => t != "null");
        var text = main switch
        {
            "string" when schema["format"] is { } format => $"string:{(string)format!}",
            "array" => $"array<{TypeOf(schema["items"]!)}>",
            "object" when schema["additionalProperties"] is JsonObject values => $"object<{TypeOf(values)}>",
            _ => main,
        };
        return types.Contains("null") ? text + "|null" : text;
    }
}
