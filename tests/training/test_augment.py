"""Training augmentation (tools/training/data.py augment): every random draw
comes from the torch.Generator passed in (train.py seeds it from the config),
so a seed reproduces a run's augmented batches exactly."""
import unittest

import support
import torch

from tools.training.data import augment

# Each augmentation on its own, at a strength that visibly changes 32x32 images.
# blur is a probability; 1.0 makes every sample draw its blur-or-sharpen amount.
OPTIONS = {"hflip": True, "vflip": True, "rotate": 20.0, "scale": 0.2,
           "translate": 0.1, "gamma": 0.5, "blur": 1.0, "jitter": 0.3}
ALL_OFF = {"hflip": False, "vflip": False, "rotate": 0.0, "scale": 0.0,
           "translate": 0.0, "gamma": 0.0, "blur": 0.0, "jitter": 0.0}


def pixels(channels=3, n=8, seed=0):
    g = torch.Generator().manual_seed(seed)
    return torch.randint(0, 256, (n, channels, 32, 32), generator=g, dtype=torch.uint8)


def run(batch, cfg, seed):
    return augment(batch, cfg, torch.Generator().manual_seed(seed))


class SeededAugmentation(unittest.TestCase):
    def test_everything_on_same_seed_is_identical_and_other_seed_differs(self):
        for channels, color in ((3, "rgb"), (1, "grey")):
            with self.subTest(color=color):
                cfg = support.tiny_config(color=color, **OPTIONS)
                batch = pixels(channels)
                first, second = run(batch, cfg, 7), run(batch, cfg, 7)
                self.assertEqual(first.shape, batch.shape)
                self.assertTrue(torch.equal(first, second))
                self.assertFalse(torch.equal(first, run(batch, cfg, 8)))

    def test_each_option_draws_only_from_the_generator(self):
        batch = pixels()
        for name, value in OPTIONS.items():
            with self.subTest(option=name):
                cfg = support.tiny_config(**{**ALL_OFF, name: value})
                # Scramble the global torch RNG between runs: a draw that ignored
                # the generator would make the two runs differ.
                torch.manual_seed(1)
                first = run(batch, cfg, 7)
                torch.manual_seed(2)
                torch.rand(100)
                self.assertTrue(torch.equal(first, run(batch, cfg, 7)))
                self.assertFalse(torch.equal(first, run(batch, cfg, 8)),
                                 f"{name} ignores the generator's seed")

    def test_with_everything_off_it_only_rescales(self):
        batch = pixels()
        out = run(batch, support.tiny_config(**ALL_OFF), 7)
        self.assertTrue(torch.equal(out, batch.float() / 255.0))

    def test_output_is_in_range_and_input_is_untouched(self):
        batch = pixels()
        before = batch.clone()
        out = run(batch, support.tiny_config(**OPTIONS), 7)
        self.assertTrue(torch.equal(batch, before))
        self.assertEqual(out.dtype, torch.float32)
        self.assertGreaterEqual(out.min().item(), 0.0)
        self.assertLessEqual(out.max().item(), 1.0)


if __name__ == "__main__":
    unittest.main()
