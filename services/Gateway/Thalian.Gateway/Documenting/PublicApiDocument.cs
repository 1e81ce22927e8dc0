using System.Text.Json;
using System.Text.Json.Nodes;

namespace Thalian.Gateway.Documenting;

/// <summary>
/// Merges the generated OpenAPI documents of the gateway and the services behind it into the one public document:
/// paths side by side (a path and method served twice is an error), schemas shared when identical and renamed with the
/// service's name when two services mean different things by one name, and the gateway's own behaviour (authentication,
/// roles, rate limits) added to every operation. See docs/decisions/gateway-openapi.md.
/// </summary>
public static class PublicApiDocument
{
    private const string SchemaRef = "#/components/schemas/";
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch", "head", "options"];

    public static JsonObject Merge(IEnumerable<(string Service, JsonObject Document)> sources)
    {
        var paths = new JsonObject();
        var schemas = new JsonObject();
        var tags = new List<string>();
        foreach (var (service, original) in sources)
        {
            var document = (JsonObject)original.DeepClone();
            RenameClashingSchemas(service, document, schemas);
            foreach (var (name, schema) in Section(document, "components", "schemas"))
            {
                schemas[name] ??= schema!.DeepClone();
            }
            foreach (var (path, item) in Section(document, "paths"))
            {
                var target = (JsonObject)(paths[path] ??= new JsonObject());
                foreach (var (method, operation) in (JsonObject)item!)
                {
                    if (target.ContainsKey(method))
                    {
                        throw new InvalidOperationException($"{method.ToUpperInvariant()} {path} is documented by two services (the second is {service}).");
                    }
                    target[method] = operation!.DeepClone();
                }
            }
            tags.AddRange(((JsonArray?)document["tags"])?.Select(t => (string)t!["name"]!) ?? []);
        }
        schemas["ProblemDetails"] ??= ProblemDetailsSchema();
        foreach (var operation in Operations(paths))
        {
            AddGatewayResponses(operation.Method, operation.Node);
        }
        return new JsonObject
        {
            ["openapi"] = "3.1.1",
            ["info"] = new JsonObject
            {
                ["title"] = "Thalian API",
                ["version"] = "v1",
                ["description"] = "Thalian finds the identity gaps between AWS IAM and your identity providers. Every request goes through " +
                    "the gateway and needs an API key (`Authorization: Bearer thk_...` or `X-Api-Key: thk_...`), a console session cookie or, " +
                    "where configured, an OIDC bearer token. `admin` keys may change things; `reader` keys may only read. Errors are " +
                    "RFC 7807 problem+json. Secrets are write-only: no response ever contains one. Send `X-Correlation-Id` to trace a " +
                    "request; the gateway returns the one it used. This document is generated from the services' endpoints " +
                    "(`bash scripts/openapi.sh`).",
            },
            ["servers"] = new JsonArray(new JsonObject { ["url"] = "/", ["description"] = "This gateway" }),
            ["security"] = new JsonArray(new JsonObject { ["apiKey"] = new JsonArray() }, new JsonObject { ["apiKeyHeader"] = new JsonArray() }),
            ["tags"] = new JsonArray([.. tags.Distinct().Select(t => (JsonNode)new JsonObject { ["name"] = t })]),
            ["paths"] = Sorted(paths),
            ["components"] = new JsonObject
            {
                ["securitySchemes"] = SecuritySchemes(),
                ["responses"] = GatewayResponses(),
                ["schemas"] = Sorted(schemas),
            },
        };
    }

    public static IEnumerable<(string Path, string Method, JsonObject Node)> Operations(JsonObject paths) =>
        from path in paths
        from operation in (JsonObject)path.Value!
        where Methods.Contains(operation.Key)
        select (path.Key, operation.Key, (JsonObject)operation.Value!);

    private static List<KeyValuePair<string, JsonNode?>> Section(JsonObject document, params string[] keys)
    {
        JsonNode? node = document;
        foreach (var key in keys)
        {
            node = node?[key];
        }
        return node is JsonObject section ? section.ToList() : [];
    }

    /// <summary>A schema name another service already uses for a different shape gets this service's name in front.</summary>
    private static void RenameClashingSchemas(string service, JsonObject document, JsonObject merged)
    {
        var prefix = string.Concat(service.Split('-').Select(w => char.ToUpperInvariant(w[0]) + w[1..]));
        var renames = Section(document, "components", "schemas")
            .Where(s => merged[s.Key] is { } existing && !JsonNode.DeepEquals(existing, s.Value))
            .ToDictionary(s => SchemaRef + s.Key, s => prefix + s.Key);
        if (renames.Count == 0)
        {
            return;
        }
        var schemas = (JsonObject)document["components"]!["schemas"]!;
        foreach (var (reference, name) in renames)
        {
            var old = reference[SchemaRef.Length..];
            var schema = schemas[old]!;
            schemas.Remove(old);
            schemas[name] = schema;
        }
        RewriteReferences(document, renames);
    }

    private static void RewriteReferences(JsonNode? node, Dictionary<string, string> renames)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["$ref"] is JsonValue value && value.TryGetValue<string>(out var reference) && renames.TryGetValue(reference, out var name))
                {
                    obj["$ref"] = SchemaRef + name;
                }
                foreach (var (_, child) in obj.ToList())
                {
                    RewriteReferences(child, renames);
                }
                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    RewriteReferences(child, renames);
                }
                break;
        }
    }

    /// <summary>What the gateway itself may answer to any operation: 401 and 429 always, 403 for writes (reader role).</summary>
    private static void AddGatewayResponses(string method, JsonObject operation)
    {
        var responses = (JsonObject)(operation["responses"] ??= new JsonObject());
        responses["401"] ??= Reference("Unauthorized");
        if (method != "get")
        {
            responses["403"] ??= Reference("Forbidden");
        }
        responses["429"] ??= Reference("TooManyRequests");
    }

    private static JsonObject Reference(string response) => new() { ["$ref"] = "#/components/responses/" + response };

    private static JsonObject GatewayResponses() => new()
    {
        ["Unauthorized"] = Problem("No, an unknown, a revoked or an expired API key, session or token."),
        ["Forbidden"] = Problem("The caller's role may not do this (reader keys only read), or a console write without its CSRF header."),
        ["TooManyRequests"] = Problem("The per-key rate limit is used up; retry after Retry-After seconds."),
    };

    private static JsonObject Problem(string description) => new()
    {
        ["description"] = description,
        ["content"] = new JsonObject { ["application/problem+json"] = new JsonObject { ["schema"] = new JsonObject { ["$ref"] = SchemaRef + "ProblemDetails" } } },
    };

    private static JsonObject SecuritySchemes() => new()
    {
        ["apiKey"] = new JsonObject { ["type"] = "http", ["scheme"] = "bearer", ["description"] = "An API key: Authorization: Bearer thk_..." },
        ["apiKeyHeader"] = new JsonObject { ["type"] = "apiKey", ["in"] = "header", ["name"] = "X-Api-Key" },
        ["session"] = new JsonObject
        {
            ["type"] = "apiKey", ["in"] = "cookie", ["name"] = "thalian_session",
            ["description"] = "The console's session (POST /api/v1/session); writes also need the X-CSRF-Token header it returns.",
        },
        ["oidc"] = new JsonObject
        {
            ["type"] = "http", ["scheme"] = "bearer", ["bearerFormat"] = "JWT",
            ["description"] = "A token from the configured OIDC issuer (only when Thalian:Oidc:Authority is set).",
        },
    };

    private static JsonNode ProblemDetailsSchema() => JsonNode.Parse("""
        {"type":"object","properties":{"type":{"type":["null","string"]},"title":{"type":["null","string"]},
         "status":{"type":["null","integer"],"format":"int32"},"detail":{"type":["null","string"]},"instance":{"type":["null","string"]}}}
        """)!;

    private static JsonObject Sorted(JsonObject section) =>
        new(section.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));

    public static string Serialize(JsonObject document) =>
        document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
}
