"""reference_models.py, a copy of ../shared/bench/reference_models.py (clones need nothing outside the repository):
build the three representative restoration nets as ONNX with onnx.helper.
Random He-init weights (timing only). Dynamic H, W. opset 17, IR 8. Writes models/*.onnx and models/summary.json.
MACs counted analytically per *input* pixel (for SR: per LR input pixel), conv MACs only
(k*k*Cin*Cout per output pixel); ReLU/Resize/MaxPool/Concat/DepthToSpace/Add are not counted."""
import json, os, numpy as np, onnx
from onnx import helper as h, TensorProto as TP, numpy_helper as nh
rng = np.random.default_rng(0)
OPSET = 17

class G:
    def __init__(s, name): s.name, s.nodes, s.inits, s.macs, s.params, s.layers, s.n = name, [], [], 0.0, 0, [], 0
    def uid(s, p): s.n += 1; return f"{p}{s.n}"
    def conv(s, x, cin, cout, k, scale, act="Relu"):
        """scale = output pixels of this conv per input pixel of the model"""
        w = (rng.standard_normal((cout, cin, k, k)) * np.sqrt(2.0 / (cin * k * k))).astype(np.float32)
        b = np.zeros(cout, np.float32)
        wn, bn, y = s.uid("W"), s.uid("B"), s.uid("conv")
        s.inits += [nh.from_array(w, wn), nh.from_array(b, bn)]
        s.nodes.append(h.make_node("Conv", [x, wn, bn], [y], kernel_shape=[k, k], pads=[k // 2] * 4))
        s.params += w.size + b.size; s.macs += k * k * cin * cout * scale
        s.layers.append(f"conv{k}x{k} {cin}->{cout} @1/{round(1/scale)}px" + (f" +{act}" if act else ""))
        if act:
            z = s.uid(act.lower()); s.nodes.append(h.make_node(act, [y], [z])); return z
        return y
    def op(s, typ, ins, **kw):
        y = s.uid(typ.lower()); s.nodes.append(h.make_node(typ, ins, [y], **kw)); return y
    def save(s, cin, cout, out_hw="H,W", path=None):
        hi, wi = "H", "W"
        ho, wo = ("H", "W") if out_hw == "H,W" else out_hw
        inp = h.make_tensor_value_info("input", TP.FLOAT, [1, cin, hi, wi])
        out = h.make_tensor_value_info("output", TP.FLOAT, [1, cout, ho, wo])
        gr = h.make_graph(s.nodes, s.name, [inp], [out], s.inits)
        m = h.make_model(gr, opset_imports=[h.make_opsetid("", OPSET)], producer_name="perf-anchors")
        m.ir_version = 8
        onnx.checker.check_model(m)
        onnx.save(m, path)
        return dict(name=s.name, params=int(s.params), macs_per_input_px=s.macs,
                    gmacs_per_input_MP=s.macs * 1e6 / 1e9, layers=s.layers, file=path)

def unet(levels=4, base=32, cin=3, cout=1, up_mode="nearest"):
    """levels = number of resolutions (levels-1 max-pools). Channels base*2^i. Two conv3x3+ReLU per level (enc and dec).
    Decoder: Resize x2 (nearest), Concat(skip, up), conv3x3 (Cskip+Cdeep -> Cskip)+ReLU, conv3x3+ReLU. Head: conv1x1 -> cout, Sigmoid."""
    g = G(f"unet_l{levels}_b{base}"); x = g.op("Identity", ["input"])
    chans = [base * 2 ** i for i in range(levels)]; skips = []; c_prev = cin
    for i, c in enumerate(chans):
        sc = 1.0 / 4 ** i
        x = g.conv(x, c_prev, c, 3, sc); x = g.conv(x, c, c, 3, sc); c_prev = c
        if i < levels - 1:
            skips.append((x, c)); x = g.op("MaxPool", [x], kernel_shape=[2, 2], strides=[2, 2]); g.layers.append("maxpool2x2")
    scales_name = "up_scales"; g.inits.append(nh.from_array(np.array([1, 1, 2, 2], np.float32), scales_name))
    for i in range(levels - 2, -1, -1):
        sc = 1.0 / 4 ** i; skip, cs = skips[i]
        up = g.op("Resize", [x, "", scales_name], mode=up_mode); g.layers.append(f"resize x2 {up_mode}")
        x = g.op("Concat", [skip, up], axis=1); g.layers.append(f"concat {cs}+{c_prev}")
        x = g.conv(x, cs + c_prev, cs, 3, sc); x = g.conv(x, cs, cs, 3, sc); c_prev = cs
    x = g.conv(x, base, cout, 1, 1.0, act="Sigmoid")
    g.nodes[-1].output[0] = "output"
    return g.save(cin, cout, path=f"models/{g.name}.onnx")

def dncnn(depth=17, width=64, ch=3):
    """DnCNN (BN folded into conv bias): conv3x3 ch->64+ReLU, (depth-2) x conv3x3 64->64+ReLU, conv3x3 64->ch; output = input - residual."""
    g = G(f"dncnn_d{depth}_w{width}_c{ch}")
    x = g.conv("input", ch, width, 3, 1.0)
    for _ in range(depth - 2): x = g.conv(x, width, width, 3, 1.0)
    r = g.conv(x, width, ch, 3, 1.0, act=None)
    g.nodes.append(h.make_node("Sub", ["input", r], ["output"])); g.layers.append("output = input - residual")
    return g.save(ch, ch, path=f"models/{g.name}.onnx")

def espcn(r=2, ch=3):
    """ESPCN (Shi et al. 2016) with ReLU: conv5x5 ch->64, conv3x3 64->32, conv3x3 32->ch*r^2, DepthToSpace(r, CRD). All at LR resolution."""
    g = G(f"espcn_x{r}_c{ch}")
    x = g.conv("input", ch, 64, 5, 1.0); x = g.conv(x, 64, 32, 3, 1.0); x = g.conv(x, 32, ch * r * r, 3, 1.0, act=None)
    g.nodes.append(h.make_node("DepthToSpace", [x], ["output"], blocksize=r, mode="CRD")); g.layers.append(f"DepthToSpace {r} CRD")
    return g.save(ch, ch, out_hw=(f"H*{r}", f"W*{r}"), path=f"models/{g.name}.onnx")

if __name__ == "__main__":
    os.makedirs("models", exist_ok=True)
    res = [unet(4, 32, 3, 1), unet(5, 32, 3, 1), dncnn(17, 64, 3), espcn(2, 3), espcn(4, 3)]
    # verify param counts against the saved files
    for m in res:
        mm = onnx.load(m["file"]); m["params_from_file"] = int(sum(np.prod(t.dims) for t in mm.graph.initializer if t.name.startswith(("W", "B"))))
        m["file_bytes"] = os.path.getsize(m["file"])
        print(f'{m["name"]:22s} params={m["params"]:>9,d} MAC/px={m["macs_per_input_px"]:>10,.0f} GMAC/MP={m["gmacs_per_input_MP"]:.2f} file={m["file_bytes"]:,}B')
    json.dump(res, open("models/summary.json", "w"), indent=1)
