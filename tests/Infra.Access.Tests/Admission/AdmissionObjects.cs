using System.Text.Json.Nodes;
using Infra.Access.Tests.Fixtures;
using Infra.Access.Tests.Oracles;

namespace Infra.Access.Tests.Admission;

/// <summary>
/// Admission requests built the way the API server builds them: full stored objects
/// (Fixtures/Admission/*.json, with status and managedFields), a PATCH arriving as an UPDATE with
/// <c>oldObject</c>, optional request fields (subResource, name, namespace) absent rather than empty.
/// </summary>
internal static class AdmissionObjects
{
    public const string ProdRegistry = "acrexampleprod.azurecr.io";
    public const string Digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    public static JsonObject Deployment => Read("deployment.json");

    public static JsonObject ConfigMap => Read("configmap.json");

    public static JsonObject CronJob => Read("cronjob.json");

    public static JsonObject Job => Read("job.json");

    public static JsonObject Scale => Read("scale.json");

    /// <summary>The payments-api Deployment fixture as another Deployment (name, namespace, labels).</summary>
    public static JsonObject DeploymentNamed(string name, string ns)
    {
        var deployment = Deployment;
        deployment["metadata"]!["name"] = name;
        deployment["metadata"]!["namespace"] = ns;
        return deployment;
    }

    /// <summary>The object after the API server applied a client's change: a new managedFields entry, the next generation.</summary>
    public static JsonObject Changed(JsonObject old, Action<JsonObject> change)
    {
        var changed = (JsonObject)old.DeepClone();
        change(changed);
        var metadata = changed["metadata"]!.AsObject();
        if (metadata["generation"] is { } generation)
        {
            metadata["generation"] = generation.GetValue<int>() + 1;
        }

        metadata["managedFields"]!.AsArray().Add(JsonNode.Parse("""{"manager":"kubectl","operation":"Update","apiVersion":"apps/v1","time":"2026-12-01T17:30:00Z","fieldsType":"FieldsV1","fieldsV1":{"f:spec":{}}}"""));
        return changed;
    }

    public static JsonObject PodSpec(JsonObject deployment) => deployment["spec"]!["template"]!["spec"]!.AsObject();

    public static JsonObject Container(JsonObject deployment) => PodSpec(deployment)["containers"]![0]!.AsObject();

    /// <summary>
    /// The request part of an AdmissionReview: <paramref name="subResource"/>, <paramref name="name"/>
    /// and <paramref name="ns"/> are left out when null, as the API server leaves them out.
    /// </summary>
    public static JsonObject Request(string username, string operation, string group, string version, string resource, string kind,
        string? ns, string? name, string? subResource = null)
    {
        var parts = username.Split(':');
        var request = new JsonObject
        {
            ["uid"] = "705ab4f5-6393-11e8-b7cc-42010a800002",
            ["kind"] = new JsonObject { ["group"] = group, ["version"] = version, ["kind"] = kind },
            ["resource"] = new JsonObject { ["group"] = group, ["version"] = version, ["resource"] = resource },
            ["requestKind"] = new JsonObject { ["group"] = group, ["version"] = version, ["kind"] = kind },
            ["requestResource"] = new JsonObject { ["group"] = group, ["version"] = version, ["resource"] = resource },
        };
        if (subResource is not null)
        {
            request["subResource"] = subResource;
            request["requestSubResource"] = subResource;
        }

        if (name is not null)
        {
            request["name"] = name;
        }

        if (ns is not null)
        {
            request["namespace"] = ns;
        }

        request["operation"] = operation;
        request["userInfo"] = new JsonObject
        {
            ["username"] = username,
            ["uid"] = "4a1e7f0c-2b3d-4e5f-9a8b-7c6d5e4f3a2b",
            ["groups"] = new JsonArray("system:serviceaccounts", $"system:serviceaccounts:{parts[2]}", "system:authenticated"),
            ["extra"] = new JsonObject { ["authentication.kubernetes.io/credential-id"] = new JsonArray("JTI=0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0") },
        };
        request["options"] = operation switch
        {
            "CREATE" => new JsonObject { ["apiVersion"] = "meta.k8s.io/v1", ["kind"] = "CreateOptions", ["fieldManager"] = "kubectl-create" },
            "UPDATE" => new JsonObject { ["apiVersion"] = "meta.k8s.io/v1", ["kind"] = "PatchOptions", ["fieldManager"] = "kubectl-patch" },
            "DELETE" => new JsonObject { ["apiVersion"] = "meta.k8s.io/v1", ["kind"] = "DeleteOptions", ["propagationPolicy"] = "Background" },
            _ => null,
        };
        request["dryRun"] = false;
        return request;
    }

    /// <summary>A PATCH (or update) of a Deployment: an UPDATE with both objects.</summary>
    public static AdmissionInput UpdateDeployment(string user, JsonObject old, Action<JsonObject> change) =>
        new(Request(user, "UPDATE", "apps", "v1", "deployments", "Deployment", Ns(old), Name(old)), Changed(old, change), old);

    public static AdmissionInput UpdateConfigMap(string user, JsonObject old, Action<JsonObject> change) =>
        new(Request(user, "UPDATE", "", "v1", "configmaps", "ConfigMap", Ns(old), Name(old)), Changed(old, change), old);

    public static AdmissionInput ScaleTo(string user, string ns, string name, int? replicas)
    {
        var old = Scale;
        old["metadata"]!["name"] = name;
        old["metadata"]!["namespace"] = ns;
        var scaled = (JsonObject)old.DeepClone();
        if (replicas is { } count)
        {
            scaled["spec"]!["replicas"] = count;
        }
        else
        {
            // Scale's replicas is omitempty: zero arrives as an absent key.
            scaled["spec"]!.AsObject().Remove("replicas");
        }

        return new(Kind(Request(user, "UPDATE", "apps", "v1", "deployments", "Scale", ns, name, "scale"), "autoscaling", "v1", "Scale"), scaled, old);
    }

    /// <summary>kubectl create job --from=cronjob/ledger-db-migrate, as admitted (defaults and selector labels applied).</summary>
    public static AdmissionInput CreateJob(string user, Action<JsonObject> change)
    {
        var job = Job;
        change(job);
        return new(Request(user, "CREATE", "batch", "v1", "jobs", "Job", Ns(job), Name(job)), job, null);
    }

    public static string Ns(JsonObject o) => o["metadata"]!["namespace"]!.GetValue<string>();

    public static string Name(JsonObject o) => o["metadata"]!["name"]!.GetValue<string>();

    private static JsonObject Kind(JsonObject request, string group, string version, string kind)
    {
        request["kind"] = new JsonObject { ["group"] = group, ["version"] = version, ["kind"] = kind };
        request["requestKind"] = new JsonObject { ["group"] = group, ["version"] = version, ["kind"] = kind };
        return request;
    }

    private static JsonObject Read(string file) =>
        JsonNode.Parse(Definitions.Read("tests", "Infra.Access.Tests", "Fixtures", "Admission", file))!.AsObject();
}
