# slm's settings. Edit them here, then run `python slm.py`.
# Any of them can also be given on the command line: `python slm.py --d_model=256 --lr=3e-4`.
# Only plain values live here; slm.py checks every one and says in one line what is wrong.

# --- what to do -------------------------------------------------------------------------------------
train = True                 # True: train (saves checkpoints). False: write a story with the last trained model
device = "auto"              # "auto": the GPU when CuPy finds one, else the CPU; "gpu": insist on it; "cpu": NumPy
cpu_kernels = "auto"         # on the CPU: "auto" fused numba kernels when numba imports and compiles (else NumPy's
                             # layers, with one line saying so); "numba": insist on them; "numpy": NumPy's layers only

# --- data -------------------------------------------------------------------------------------------
data = "builtin"             # "builtin" (offline stories made by data/stories.py), "tinystories", or a .txt file
                             # or folder
tinystories_mb = 0           # with data = "tinystories": only the first this many MB of its 2.2 GB file (0: all of it)
vocab_size = 4096            # byte-level BPE vocabulary trained on the training text (257 .. 65536)
val_fraction = 0.01          # share of stories held out for validation (TinyStories brings its own valid file)
story_separator = "auto"     # "auto", "eot" (lines '<|endoftext|>') or "blank" (blank lines) between stories

# --- model (GPT-2 layout with ReLU) -------------------------------------------------------------------
n_layer = 6                  # transformer blocks: layers 0-5
d_model = 128                # width of the residual stream
n_head = 4                   # attention heads (d_model must divide by it)
ctx = 256                    # context window in tokens (a whole built-in story fits: about 200)

# --- training ---------------------------------------------------------------------------------------
batch_size = 8               # windows per micro-batch (8 x 256 = 2,048 tokens a step)
grad_accum = 1               # micro-batches per optimizer step
lr = 2e-3                    # peak learning rate
min_lr = 5e-4                # learning rate at the end of the cosine decay
warmup_steps = 100           # linear warm-up steps
max_steps = 3400             # optimizer steps in the whole run (the first run: about 24 minutes on a 2-core CPU)
grad_clip = 1.0              # clip the global gradient norm to this (0 turns clipping off)
label_smoothing = 0.05       # share of each target's probability given to other tokens: the model learns to hedge,
                             # so text unlike its corpus costs it less (docs/story-quality.md); 0: plain cross-entropy.
                             # The losses printed stay plain cross-entropy
smoothing_prior = "unigram"  # how that share is spread: "unigram", as often as each token is in the training text;
                             # "uniform", evenly (torch's CrossEntropyLoss(label_smoothing=...))
seed = 1337                  # seeds the weights and the batches: same seed, same run
dtype = "float32"            # "float32", or "float16": float16 activations, float32 master weights, loss scaling
tf32 = False                 # GPU only: let float32 matmuls use TF32 tensor cores

# --- the alternating decay ----------------------------------------------------------------------------
decay_schedule = "alternating"   # "alternating" (odd layers decayed), "uniform", "none", or a list, one value per layer
odd_layer_decay = 0.92           # AdamW weight decay of the odd layers (1, 3, 5) under "alternating";
                                 # of all layers under "uniform"
embed_decay = 0.0                # weight decay of the token and position embeddings
decay_mode = "decoupled"         # "decoupled": AdamW, w <- w * (1 - lr * decay); "l2": decay * w added to the
                                 # gradient before clipping and Adam's moments (torch.optim.Adam(weight_decay=...))
relu_zone = (0.40, 0.60)         # the "Goldilocks zone" of ReLU usage (share of (position, unit) pairs that fire)
relu_patience = 5                # warn when a layer stays outside the zone this many log lines in a row

# --- progress and checkpoints -------------------------------------------------------------------------
log_every = 10               # print a progress line every this many steps
checkpoint_every = 100       # measure validation loss and save a checkpoint every this many steps
eval_windows = 64            # validation windows (fixed, so val losses compare across checkpoints)
out_dir = "checkpoints"      # where latest.safetensors, best.safetensors and log.jsonl go
resume = True                # continue from out_dir/latest.safetensors when it exists
plot = True                  # redraw out_dir/training.png at each checkpoint (needs matplotlib)

# --- fine-tuning: teach a trained model new stories (docs/finetune.md) --------------------------------------
init_from = ""               # "": fresh weights. A checkpoint (a .safetensors file, or a trained out_dir: its best)
                             # whose weights start a new run in out_dir on data, with its shape and its tokenizer;
finetune_lr = 3e-4           # with init_from set these four replace lr, min_lr, warmup_steps and max_steps above
finetune_min_lr = 3e-5       # (a flag given on the command line, e.g. --max_steps=500, still wins)
finetune_warmup_steps = 100
finetune_max_steps = 300
finetune_replay = 0.6        # with init_from: share of each batch drawn from the text the checkpoint learned (found
                             # on disk), so it keeps how it wrote; 0: the new text only

# --- several processes or GPUs: `mpiexec -n N python slm.py` (pip install -r requirements-mpi.txt) ------------
zero = False                 # ZeRO-1: each rank keeps AdamW's moments for its 1/N of the parameters only
comm = "auto"                # "auto": MPI between CPU ranks, NCCL between GPU ranks; "mpi" or "nccl" to insist
                             # (either also starts MPI in a single process, e.g. to check NCCL on one GPU)
rank_timeout = 600.0         # seconds a rank waits for the others in one collective before it ends the whole job

# --- writing ------------------------------------------------------------------------------------------
checkpoint = ""              # checkpoint to write with; "" means out_dir/best.safetensors
temperature = 0.7            # 0 means greedy: always the likeliest token
top_k = 0                    # sample only from the k likeliest tokens (0: no limit)
top_p = 0.95                 # nucleus sampling: the smallest set of tokens with this much probability (1.0: off)
sample_seed = -1             # same seed, same story (-1: a different story each time)
stop_at_end = True           # stop at <|endoftext|>, the end of a story
n_samples = 1                # stories written at once, in one batch

# --- serving: python slm.py serve (the page, and the OpenAI completions API at /v1) -----------------------------
host = "127.0.0.1"           # "127.0.0.1": this machine only; "0.0.0.0": anyone on the network (set api_key then)
port = 8000                  # TCP port (0: any free port; the address is printed)
api_key = ""                 # "" : no key; else every /v1 route needs the header Authorization: Bearer <api_key>
serve_slots = 32             # stories written at once in the running batch (rows of one KV cache); more wait
serve_max_tokens = 1024      # the largest max_tokens a request may ask for
serve_max_n = 16             # the most stories one request may ask for (n times the prompts)
serve_max_body = 65536       # the largest request body, in bytes
serve_max_waiting = 256      # stories waiting for a row; past that a request gets 429 (try again)
serve_timeout = 30.0         # seconds a client may stall sending its request or reading the story (then cut off)
