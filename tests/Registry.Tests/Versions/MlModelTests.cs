using Hotswap.Contracts.Models;
using Hotswap.Registry.Versions;
using YamlDotNet.RepresentationModel;

namespace Hotswap.Registry.Tests.Versions;

public sealed class MlModelTests
{
    /// <summary>A version with two inputs and every field a publish writes, but no run.</summary>
    private static readonly MlModel TwoInputs = new()
    {
        OnnxFile = "iris.onnx",
        Signature = new ModelSignature(
            [new TensorSpec("features", "float32", [-1, 3]), new TensorSpec("offset", "int64", [-1, 1])],
            [new TensorSpec("prediction", "float32", [-1, 1])]),
        Sha256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        SizeBytes = 4_096,
        ModelUuid = "5b0f2f4c3a0e4a7e9d4d2b7f1c6e8a90",
        CreatedAt = new DateTimeOffset(2026, 3, 14, 9, 26, 53, TimeSpan.Zero).AddTicks(5_358_970),
        Source = "notebooks/iris.ipynb",
        InputExampleFile = MlModel.InputExampleFileName,
        Metrics = new Dictionary<string, double> { ["r2"] = 0.9625, ["rmse"] = 0.1 + 0.2 },
    };

    /// <summary>
    /// As MLflow 2.x's <c>mlflow.onnx.save_model</c> writes it (PyYAML, sorted keys, 80 columns: the signature's JSON
    /// strings are folded over two lines in single quotes).
    /// </summary>
    private const string WrittenByMlflow = """
        artifact_path: model
        flavors:
          onnx:
            code: null
            data: model.onnx
            onnx_version: 1.16.2
            providers:
            - CUDAExecutionProvider
            - CPUExecutionProvider
          python_function:
            data: model.onnx
            env:
              conda: conda.yaml
              virtualenv: python_env.yaml
            loader_module: mlflow.onnx
            python_version: 3.11.9
        mlflow_version: 2.16.2
        model_size_bytes: 1532
        model_uuid: 5b0f2f4c3a0e4a7e9d4d2b7f1c6e8a90
        run_id: 0c3f6a1be2d94c5f8a7b6e5d4c3b2a19
        saved_input_example_info:
          artifact_path: input_example.json
          serving_input_path: serving_input_example.json
          type: ndarray
        signature:
          inputs: '[{"type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1, 4]},
            "name": "float_input"}]'
          outputs: '[{"type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1,
            1]}, "name": "variable"}]'
          params: null
        utc_time_created: '2024-10-02 13:45:07.123456'

        """;

    [Fact]
    public void An_MLmodel_written_by_MLflow_is_parsed()
    {
        var model = MlModel.Parse(WrittenByMlflow, "iris version 1");

        Assert.Equal("model.onnx", model.OnnxFile);
        Assert.Equal(["float_input: float32[-1,4]"], model.Signature.Inputs.Select(s => s.ToString()));
        Assert.Equal(["variable: float32[-1,1]"], model.Signature.Outputs.Select(s => s.ToString()));
        Assert.Equal(1532, model.SizeBytes);
        Assert.Equal("5b0f2f4c3a0e4a7e9d4d2b7f1c6e8a90", model.ModelUuid);
        Assert.Equal("0c3f6a1be2d94c5f8a7b6e5d4c3b2a19", model.RunId);
        Assert.Equal(new DateTimeOffset(2024, 10, 2, 13, 45, 7, TimeSpan.Zero).AddTicks(1_234_560), model.CreatedAt);
        Assert.Equal("input_example.json", model.InputExampleFile);
        Assert.Null(model.Sha256);
        Assert.Empty(model.Metrics);
    }

    [Fact]
    public void A_dataframe_signature_parses_as_one_column_per_input()
    {
        var yaml = WrittenByMlflow.Replace(
            """
              inputs: '[{"type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1, 4]},
                "name": "float_input"}]'
            """,
            """
              inputs: '[{"type": "double", "name": "sepal length (cm)", "required": true}, {"type":
                "float", "name": "sepal width (cm)", "required": true}, {"type": "long", "name":
                "petals", "required": true}, {"type": "integer", "name": "leaves", "required":
                true}, {"type": "string", "name": "species", "required": false}]'
            """,
            StringComparison.Ordinal);

        var model = MlModel.Parse(yaml, "iris version 1");

        Assert.Equal(
            ["sepal length (cm): float64[-1]", "sepal width (cm): float32[-1]", "petals: int64[-1]", "leaves: int32[-1]", "species: string[-1]"],
            model.Signature.Inputs.Select(s => s.ToString()));
    }

    [Fact]
    public void MLflow_s_own_type_names_are_read_as_the_canonical_element_names()
    {
        var yaml = WrittenByMlflow.Replace(
            """
              inputs: '[{"type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1, 4]},
                "name": "float_input"}]'
            """,
            """
              inputs: '[{"type": "tensor", "tensor-spec": {"dtype": "str", "shape": [-1, 1]}, "name": "city"},
                {"type": "tensor", "tensor-spec": {"dtype": "object", "shape": [-1]}, "name": "note"}, {"type": "boolean",
                "name": "member"}, {"type": "string", "name": "country"}]'
            """,
            StringComparison.Ordinal);

        var model = MlModel.Parse(yaml, "iris version 1");

        Assert.Equal(["city: string[-1,1]", "note: string[-1]", "member: bool[-1]", "country: string[-1]"], model.Signature.Inputs.Select(s => s.ToString()));
    }

    [Fact]
    public void What_ToYaml_writes_parses_back_equal()
    {
        var written = TwoInputs with { RunId = "0c3f6a1be2d94c5f8a7b6e5d4c3b2a19" };

        var read = MlModel.Parse(written.ToYaml(), "iris version 1");

        Assert.Equal(written.Signature.ToString(), read.Signature.ToString());
        Assert.Equal(written.Metrics, read.Metrics);
        Assert.Equal(
            (written.OnnxFile, written.Sha256, written.SizeBytes, written.RunId, written.ModelUuid, written.CreatedAt, written.Source, written.InputExampleFile),
            (read.OnnxFile, read.Sha256, read.SizeBytes, read.RunId, read.ModelUuid, read.CreatedAt, read.Source, read.InputExampleFile));
    }

    /// <summary>
    /// The text MLmodel files have always had (YamlDotNet's reflection serializer wrote them before Native AOT): a null
    /// as nothing after its key, the signatures as quoted compact JSON, the time as MLflow writes it. PyYAML, which
    /// MLflow reads them with, reads each value here as the string, number or null it is.
    /// </summary>
    [Fact]
    public void ToYaml_writes_nulls_as_empty_values_and_the_signatures_as_quoted_json()
    {
        const string Null = "";
        var model = TwoInputs with { Metrics = new Dictionary<string, double> { ["r2"] = 0.9625, ["rmse"] = 0.1 + 0.2, ["loss"] = 1e-7 } };

        Assert.Equal(
            $$"""
            artifact_path: model
            flavors:
              onnx:
                code: {{Null}}
                data: iris.onnx
                providers:
                - CPUExecutionProvider
              python_function:
                data: iris.onnx
                loader_module: mlflow.onnx
            model_size_bytes: 4096
            model_uuid: 5b0f2f4c3a0e4a7e9d4d2b7f1c6e8a90
            run_id: {{Null}}
            utc_time_created: 2026-03-14 09:26:53.535897
            signature:
              inputs: '[{"type":"tensor","tensor-spec":{"dtype":"float32","shape":[-1,3]},"name":"features"},{"type":"tensor","tensor-spec":{"dtype":"int64","shape":[-1,1]},"name":"offset"}]'
              outputs: '[{"type":"tensor","tensor-spec":{"dtype":"float32","shape":[-1,1]},"name":"prediction"}]'
              params: {{Null}}
            metadata:
              sha256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
              source: notebooks/iris.ipynb
              metrics:
                r2: 0.9625
                rmse: 0.30000000000000004
                loss: 1E-07
            saved_input_example_info:
              artifact_path: input_example.json
              type: ndarray
              format: tf-serving

            """.ReplaceLineEndings(),
            model.ToYaml());
    }

    [Fact]
    public void ToYaml_writes_what_MLflow_needs_to_load_the_onnx_flavor()
    {
        var yaml = new MlModel { OnnxFile = "iris.onnx", Signature = ModelSignature.Empty }.ToYaml();

        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var flavors = (YamlMappingNode)root["flavors"];
        Assert.Equal("iris.onnx", ((YamlScalarNode)flavors["onnx"]["data"]).Value);
        Assert.Equal("iris.onnx", ((YamlScalarNode)flavors["python_function"]["data"]).Value);
        Assert.Equal("mlflow.onnx", ((YamlScalarNode)flavors["python_function"]["loader_module"]).Value);
    }

    [Fact]
    public void An_MLmodel_without_an_onnx_flavor_is_refused_saying_where_what_and_how_to_make_one()
    {
        var yaml = WrittenByMlflow.Replace("  onnx:", "  sklearn:", StringComparison.Ordinal);

        var error = Assert.Throws<InvalidDataException>(() => MlModel.Parse(yaml, "iris version 1"));

        Assert.Equal(
            "iris version 1: MLmodel has no onnx flavor (flavors.onnx.data; its flavors: sklearn, python_function). Hotswap serves ONNX: " +
            "convert the model (for scikit-learn, with skl2onnx's convert_sklearn) and log it with mlflow.onnx.log_model, or import the .onnx file with the publisher.",
            error.Message);
    }

    [Fact]
    public void A_signature_that_is_not_json_is_refused_saying_where()
    {
        var yaml = WrittenByMlflow.Replace("outputs: '[{\"type\"", "outputs: '[{{\"type\"", StringComparison.Ordinal);

        var error = Assert.Throws<InvalidDataException>(() => MlModel.Parse(yaml, "iris version 1"));

        Assert.StartsWith("iris version 1: the MLmodel signature is not valid", error.Message);
    }

    [Fact]
    public void A_file_that_is_not_yaml_is_refused_saying_where()
    {
        var error = Assert.Throws<InvalidDataException>(() => MlModel.Parse("flavors: [unclosed", "iris version 1"));

        Assert.StartsWith("iris version 1: MLmodel is not valid YAML", error.Message);
    }
}
